namespace Portal.Core.Organisations;

public enum ClientStatus
{
    Active = 0,
    Onboarding = 1,
    Inactive = 2,
}

/// <summary>A company the office serves, held in one environment.</summary>
public class Client
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EnvironmentId { get; set; }

    public OrganisationEnvironment? Environment { get; set; }

    public string Name { get; set; } = "";

    /// <summary>VAT or company number as the office writes it (BE0123.456.789, NL123456789B01, DE123456789).</summary>
    public string? Number { get; set; }

    public ClientStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
