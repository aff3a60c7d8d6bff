namespace Portal.Core.DataProtection;

/// <summary>One ASP.NET Data Protection key ring entry, shared by every instance through PostgreSQL.</summary>
public class DataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = "";
}
