namespace Portal.Core.Organisations;

/// <summary>An accounting office (or a group of offices).</summary>
public class Organisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    /// <summary>The URL segment in <c>/o/{slug}</c>; unique.</summary>
    public string Slug { get; set; } = "";

    /// <summary>Company-registry number: KBO (BE), KvK (NL) or HRB (DE).</summary>
    public string? RegistryNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<OrganisationEnvironment> Environments { get; } = [];

    public List<Membership> Memberships { get; } = [];
}
