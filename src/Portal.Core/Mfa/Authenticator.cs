using Portal.Core.Accounts;

namespace Portal.Core.Mfa;

/// <summary>
/// One TOTP authenticator app of a person ("iPhone", "Office phone"). A person may have several,
/// so moving to a new phone is: add the new one, then remove the old one.
/// </summary>
public class Authenticator
{
    public const int MaxNameLength = 50;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public PortalUser? User { get; set; }

    public string Name { get; set; } = "";

    /// <summary>
    /// The RFC 6238 shared secret, encrypted with Data Protection (NIST SP 800-63B §5.1.4.2: keys
    /// "SHALL be strongly protected"); the key ring lives apart from this row.
    /// </summary>
    public string ProtectedSecret { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The last time step accepted from this authenticator: never accepted again (RFC 6238 §5.2).</summary>
    public long? LastAcceptedStep { get; set; }
}
