namespace Portal.Core.Accounts;

/// <summary>
/// A server-side record of one sign-in (OWASP ASVS 5.0 V7.4): the authentication cookie only
/// carries this id, so logout, a password change or a membership removal can end a session at once.
/// </summary>
public class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public PortalUser? User { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public bool IsPersistent { get; set; }

    public string? ClientAddress { get; set; }

    public string? UserAgent { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
