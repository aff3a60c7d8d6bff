using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;
using Portal.Core.Security;

namespace Portal.Core.Invitations;

/// <summary>What the invitation page shows before anyone acts.</summary>
public sealed record InvitationDetails(
    Guid Id,
    Guid OrganisationId,
    string OrganisationName,
    string OrganisationSlug,
    string Email,
    OrganisationRole Role,
    string? InvitedBy,
    InvitationState State,
    bool AccountExists);

public enum AcceptStatus
{
    Joined,
    NotFound,
    Expired,
    AlreadyUsed,
    Revoked,
    WrongEmail,
    AccountExists,
    AccountRejected,
}

public sealed record AcceptResult(
    AcceptStatus Status, PortalUser? User = null, IdentityResult? AccountErrors = null, string? OrganisationSlug = null);

/// <summary>
/// Accepting an invitation from its link: a signed-in person joins, or a new person registers.
/// The rules: only the invited address may accept; a link is accepted once, even by concurrent
/// requests; an expired, used or withdrawn link is refused and the refusal audited. Sending is
/// <see cref="InvitationSending"/>.
/// </summary>
public sealed class InvitationAcceptance(PortalDbContext db, UserManager<PortalUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>The refusal reasons recorded in the audit log.</summary>
    public const string RefusedExpired = "expired";
    public const string RefusedUsed = "used";
    public const string RefusedRevoked = "revoked";
    public const string RefusedWrongEmail = "wrong_email";

    /// <summary>The invitation a link points at, or null for a link that matches none (malformed, or voided by a resend).</summary>
    public async Task<InvitationDetails?> FindAsync(string? token)
    {
        if (!SecretToken.IsWellFormed(token))
        {
            return null;
        }

        var hash = SecretToken.Hash(token!);
        var invitation = await db.Invitations.AsNoTracking()
            .Include(i => i.Organisation)
            .Include(i => i.InvitedBy)
            .SingleOrDefaultAsync(i => i.TokenHash == hash);
        if (invitation is null)
        {
            return null;
        }

        var normalised = users.NormalizeEmail(invitation.Email);
        var accountExists = await db.Users.AnyAsync(u => u.NormalizedEmail == normalised);
        return new InvitationDetails(
            invitation.Id,
            invitation.OrganisationId,
            invitation.Organisation!.Name,
            invitation.Organisation.Slug,
            invitation.Email,
            invitation.Role,
            invitation.InvitedBy?.DisplayName,
            invitation.StateAt(clock.GetUtcNow()),
            accountExists);
    }

    /// <summary>Whether the signed-in person is the one invited: only the invited address may accept.</summary>
    public bool IsInvitee(InvitationDetails invitation, PortalUser user) =>
        string.Equals(users.NormalizeEmail(invitation.Email), user.NormalizedEmail, StringComparison.Ordinal);

    /// <summary>Records that a link was refused (expired, used, revoked, wrong e-mail) for the organisation's audit log.</summary>
    public async Task RecordRefusalAsync(InvitationDetails invitation, string reason, PortalUser? visitor)
    {
        audit.Add(AuditEventTypes.InvitationRefused, visitor, invitation.OrganisationId,
            details: new { invitation = invitation.Id, reason }).TargetEmail = invitation.Email;
        await db.SaveChangesAsync();
    }

    /// <summary>A signed-in person accepts: they must be signed in as the invited address.</summary>
    public async Task<AcceptResult> AcceptAsync(string? token, PortalUser user)
    {
        var invitation = await FindAsync(token);
        if (invitation is null)
        {
            return new AcceptResult(AcceptStatus.NotFound);
        }

        if (!IsInvitee(invitation, user))
        {
            await RecordRefusalAsync(invitation, RefusedWrongEmail, user);
            return new AcceptResult(AcceptStatus.WrongEmail);
        }

        return await ClaimAsync(invitation, user, () => Task.FromResult((user, IdentityResult.Success)));
    }

    /// <summary>
    /// A new person accepts: their account is created with the invited address (already proven by
    /// the link, so it is confirmed) and the password policy applies through Identity's validators.
    /// </summary>
    public async Task<AcceptResult> RegisterAsync(string? token, string displayName, string password)
    {
        var invitation = await FindAsync(token);
        if (invitation is null)
        {
            return new AcceptResult(AcceptStatus.NotFound);
        }

        if (invitation.AccountExists)
        {
            return new AcceptResult(AcceptStatus.AccountExists);
        }

        return await ClaimAsync(invitation, null, async () =>
        {
            var user = new PortalUser
            {
                UserName = invitation.Email,
                Email = invitation.Email,
                EmailConfirmed = true,
                DisplayName = displayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            return (user, await users.CreateAsync(user, password));
        });
    }

    /// <summary>
    /// Single use, atomically: the conditional UPDATE claims the invitation and its affected-row
    /// count decides. Concurrent accepts queue on the row lock and PostgreSQL re-checks the
    /// condition after the winner commits, so exactly one of them sees a row. The account and the
    /// membership are written in the same transaction, so a refused password leaves the link open.
    /// </summary>
    private async Task<AcceptResult> ClaimAsync(
        InvitationDetails invitation, PortalUser? visitor, Func<Task<(PortalUser User, IdentityResult Result)>> joiningUser)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var outcome = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var now = clock.GetUtcNow();
            var claimed = await db.Invitations
                .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now));
            if (claimed == 0)
            {
                await transaction.RollbackAsync();
                return null;
            }

            var (user, result) = await joiningUser();
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync();
                var exists = result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName));
                return new AcceptResult(exists ? AcceptStatus.AccountExists : AcceptStatus.AccountRejected, AccountErrors: result);
            }

            await db.Invitations.Where(i => i.Id == invitation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedByUserId, user.Id));
            // Already a member (joined through another way since): the invitation is used, the role stays.
            if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.OrganisationId == invitation.OrganisationId))
            {
                db.Memberships.Add(new Membership
                {
                    UserId = user.Id,
                    OrganisationId = invitation.OrganisationId,
                    Role = invitation.Role,
                    CreatedAt = now,
                });
            }

            audit.Add(AuditEventTypes.InvitationAccepted, user, invitation.OrganisationId,
                details: new { invitation = invitation.Id, role = invitation.Role.ToString() });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return new AcceptResult(AcceptStatus.Joined, user, OrganisationSlug: invitation.OrganisationSlug);
        });
        if (outcome is not null)
        {
            return outcome;
        }

        // Lost the claim: say why, and record it.
        var current = await db.Invitations.AsNoTracking().SingleAsync(i => i.Id == invitation.Id);
        var (status, reason) = current.StateAt(clock.GetUtcNow()) switch
        {
            InvitationState.Accepted => (AcceptStatus.AlreadyUsed, RefusedUsed),
            InvitationState.Revoked => (AcceptStatus.Revoked, RefusedRevoked),
            _ => (AcceptStatus.Expired, RefusedExpired),
        };
        await RecordRefusalAsync(invitation, reason, visitor);
        return new AcceptResult(status);
    }
}
