using Portal.Core.Accounts;

namespace Portal.Core.Mfa;

/// <summary>A one-time code sent to the verified backup e-mail on /login/recovery, stored as an HMAC (see <see cref="OneTimeEmailCode"/>).</summary>
public class EmailLoginCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public PortalUser? User { get; set; }

    public string Hash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
