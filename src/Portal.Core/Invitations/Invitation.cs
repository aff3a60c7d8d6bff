using Portal.Core.Accounts;
using Portal.Core.Organisations;
using Portal.Core.Security;

namespace Portal.Core.Invitations;

public enum InvitationState
{
    Pending,
    Expired,
    Accepted,
    Revoked,
}

/// <summary>
/// An invitation to join an organisation with a role. The e-mailed link carries a random token;
/// only its SHA-256 hash is stored (<see cref="SecretToken"/>), so a copy of the database
/// yields no working link. Single use: <see cref="AcceptedAt"/> is set once, atomically.
/// </summary>
public class Invitation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    /// <summary>The invited address, trimmed and lower-case: only this address may accept.</summary>
    public string Email { get; set; } = "";

    public OrganisationRole Role { get; set; }

    public Guid? InvitedByUserId { get; set; }

    public PortalUser? InvitedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token in the link; a resend replaces it, which voids the old link.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset? AcceptedAt { get; set; }

    public Guid? AcceptedByUserId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public InvitationState StateAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationState.Accepted
        : RevokedAt is not null ? InvitationState.Revoked
        : ExpiresAt <= now ? InvitationState.Expired
        : InvitationState.Pending;
}
