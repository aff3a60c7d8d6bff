namespace Portal.Core.Accounts;

/// <summary>Roles of the platform's own staff, not of an organisation.</summary>
public static class PlatformRoles
{
    public const string Support = "Support";
}
