namespace Portal.Core.Organisations;

/// <summary>
/// One workspace of an organisation, usually one per accounting software the office uses.
/// (Named so it never collides with <see cref="System.Environment"/>.)
/// </summary>
public class OrganisationEnvironment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The URL segment in <c>/o/{org}/e/{slug}</c>; unique within the organisation.</summary>
    public string Slug { get; set; } = "";

    /// <summary>The accounting software this workspace belongs to, e.g. "Exact Online".</summary>
    public string Software { get; set; } = "";

    public List<Client> Clients { get; } = [];
}
