using Portal.Core.Organisations;

namespace Portal.Core.Legacy;

public enum LegacyAccountStatus
{
    Pending = 0,
    Migrated = 1,
}

/// <summary>
/// An old per-environment username from before e-mail logins, with its old password hash. Logging
/// in with it leads the person to an e-mail login; once migrated, the username no longer logs in.
/// </summary>
public class LegacyAccount
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lower-case; unique.</summary>
    public string Username { get; set; } = "";

    /// <summary>The old password hash, in a format ASP.NET Identity's PasswordHasher verifies (v2 or v3).</summary>
    public string PasswordHash { get; set; } = "";

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public Guid EnvironmentId { get; set; }

    public OrganisationEnvironment? Environment { get; set; }

    public OrganisationRole Role { get; set; }

    public LegacyAccountStatus Status { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public DateTimeOffset? MigratedAt { get; set; }

    public Guid? MigratedToUserId { get; set; }

    /// <summary>Wrong passwords in a row; the same lockout as e-mail logins (OWASP ASVS 5.0 V6.3.1).</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
