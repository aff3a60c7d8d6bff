using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;
using Portal.Core.Security;

namespace Portal.Core.Invitations;

public enum InviteProblem
{
    None,
    NoAddresses,
    TooManyAddresses,
    InvalidAddresses,

    /// <summary>Another admin invited one of the addresses at the same moment.</summary>
    Conflict,
}

/// <summary>A new link to e-mail. The token exists only here, on its way into the e-mail.</summary>
public sealed record SentInvitation(Guid Id, string Email, string Token, DateTimeOffset ExpiresAt);

public sealed record InvitationRef(Guid Id, string Email);

public sealed record InviteResult(
    InviteProblem Problem,
    IReadOnlyList<SentInvitation> Sent,
    IReadOnlyList<string> AlreadyMembers,
    IReadOnlyList<InvitationRef> AlreadyInvited,
    IReadOnlyList<string> InvalidAddresses)
{
    public static InviteResult Refused(InviteProblem problem, IReadOnlyList<string>? invalid = null) =>
        new(problem, [], [], [], invalid ?? []);
}

/// <summary>
/// Sending invitations: invite many addresses at once, and resend one. The rules: the token is
/// random and stored hashed (<see cref="SecretToken"/>); a link expires after the organisation's
/// <see cref="Organisation.InvitationExpiryDays"/>; one open invitation per address and
/// organisation; a resend voids the old link. Accepting is <see cref="InvitationAcceptance"/>.
/// </summary>
public sealed class InvitationSending(PortalDbContext db, UserManager<PortalUser> users, AuditLog audit, TimeProvider clock)
{
    public const int MaxAddressesPerInvite = 100;

    /// <summary>
    /// Invites the addresses; <paramref name="announce"/> queues each invitation's e-mail into the
    /// same unit of work, so an invitation and its e-mail commit together or not at all.
    /// </summary>
    public async Task<InviteResult> InviteAsync(Guid organisationId, string? addresses, OrganisationRole role, PortalUser actor, Action<SentInvitation>? announce = null)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(Enum.IsDefined(role), true, nameof(role));
        var parsed = InvitationAddresses.Parse(addresses);
        if (parsed.Invalid.Count > 0)
        {
            return InviteResult.Refused(InviteProblem.InvalidAddresses, parsed.Invalid);
        }

        if (parsed.Valid.Count == 0)
        {
            return InviteResult.Refused(InviteProblem.NoAddresses);
        }

        if (parsed.Valid.Count > MaxAddressesPerInvite)
        {
            return InviteResult.Refused(InviteProblem.TooManyAddresses);
        }

        var emails = parsed.Valid;
        var normalised = emails.Select(e => users.NormalizeEmail(e)!).ToList();
        var members = (await db.Memberships
                .Where(m => m.OrganisationId == organisationId && normalised.Contains(m.User!.NormalizedEmail!))
                .Select(m => m.User!.NormalizedEmail!)
                .ToListAsync())
            .ToHashSet(StringComparer.Ordinal);
        var open = await db.Invitations
            .Where(i => i.OrganisationId == organisationId && i.AcceptedAt == null && i.RevokedAt == null && emails.Contains(i.Email))
            .ToDictionaryAsync(i => i.Email, StringComparer.Ordinal);
        var expiryDays = await db.InvitationExpiryDaysAsync(organisationId);
        var now = clock.GetUtcNow();

        var sent = new List<SentInvitation>();
        var alreadyMembers = new List<string>();
        var alreadyInvited = new List<InvitationRef>();
        foreach (var email in emails)
        {
            if (members.Contains(users.NormalizeEmail(email)!))
            {
                alreadyMembers.Add(email);
                continue;
            }

            open.TryGetValue(email, out var invitation);
            if (invitation is not null && invitation.ExpiresAt > now)
            {
                alreadyInvited.Add(new InvitationRef(invitation.Id, email));
                continue;
            }

            // An expired invitation to the address is renewed in place: one open invitation per
            // address and organisation (a unique index), and its old link stays dead.
            if (invitation is null)
            {
                invitation = new Invitation { OrganisationId = organisationId, Email = email };
                db.Invitations.Add(invitation);
            }

            var (token, hash) = SecretToken.Create();
            invitation.Role = role;
            invitation.InvitedByUserId = actor.Id;
            invitation.CreatedAt = now;
            invitation.ExpiresAt = now.AddDays(expiryDays);
            invitation.TokenHash = hash;
            audit.Add(AuditEventTypes.InvitationSent, actor, organisationId,
                details: new { invitation = invitation.Id, role = role.ToString(), expiresAt = invitation.ExpiresAt }).TargetEmail = email;
            sent.Add(new SentInvitation(invitation.Id, email, token, invitation.ExpiresAt));
        }

        foreach (var invitation in sent)
        {
            announce?.Invoke(invitation);
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return InviteResult.Refused(InviteProblem.Conflict);
        }

        return new InviteResult(InviteProblem.None, sent, alreadyMembers, alreadyInvited, []);
    }

    /// <summary>A new link with a fresh expiry; the old link stops working. Null when the invitation is no longer open.</summary>
    public async Task<SentInvitation?> ResendAsync(Guid organisationId, Guid invitationId, PortalUser actor, Action<SentInvitation>? announce = null)
    {
        var email = await db.OpenInvitation(organisationId, invitationId).Select(i => i.Email).SingleOrDefaultAsync();
        if (email is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var expiresAt = now.AddDays(await db.InvitationExpiryDaysAsync(organisationId));
        var (token, hash) = SecretToken.Create();
        // Conditional, so a link accepted a moment ago is not re-sent.
        var updated = await db.OpenInvitation(organisationId, invitationId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.TokenHash, hash).SetProperty(i => i.ExpiresAt, expiresAt));
        if (updated == 0)
        {
            return null;
        }

        audit.Add(AuditEventTypes.InvitationResent, actor, organisationId,
            details: new { invitation = invitationId, expiresAt }).TargetEmail = email;
        var sent = new SentInvitation(invitationId, email, token, expiresAt);
        announce?.Invoke(sent);
        await db.SaveChangesAsync();
        return sent;
    }
}
