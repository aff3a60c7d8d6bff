using Portal.Core.Accounts;

namespace Portal.Core.Mfa;

/// <summary>One code of a person's set of backup codes, stored as a salted PBKDF2 hash (see <see cref="BackupCodes"/>).</summary>
public class BackupCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public PortalUser? User { get; set; }

    public string Hash { get; set; } = "";

    public byte[] Salt { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set once, atomically, when the code signs someone in (SP 800-63B §5.1.2.2: used successfully only once).</summary>
    public DateTimeOffset? UsedAt { get; set; }
}
