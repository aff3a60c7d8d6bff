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

public sealed record PendingInvitation(
    Guid Id, string Email, OrganisationRole Role, string? InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

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
/// Invitations: invite many at once, resend, revoke, accept. The rules: the token is random and
/// stored hashed (<see cref="SecretToken"/>); a link expires after the organisation's
/// <see cref="Organisation.InvitationExpiryDays"/>; it is accepted once, even by concurrent requests;
/// only the invited address may accept; one open invitation per address and organisation.
/// </summary>
public sealed class InvitationService(PortalDbContext db, UserManager<PortalUser> users, AuditLog audit, TimeProvider clock)
{
    public const int MaxAddressesPerInvite = 100;
    public const int MaxSearchLength = 100;

    /// <summary>The refusal reasons recorded in the audit log.</summary>
    public const string RefusedExpired = "expired";
    public const string RefusedUsed = "used";
    public const string RefusedRevoked = "revoked";
    public const string RefusedWrongEmail = "wrong_email";

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
        var expiryDays = await ExpiryDaysAsync(organisationId);
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

    /// <summary>Open invitations (expired ones included, so they can be resent), by address.</summary>
    public Task<List<PendingInvitation>> ListPendingAsync(Guid organisationId, string? search, int max)
    {
        var query = db.Invitations.AsNoTracking()
            .Where(i => i.OrganisationId == organisationId && i.AcceptedAt == null && i.RevokedAt == null);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Contains(search.Trim(), MaxSearchLength);
            query = query.Where(i => EF.Functions.ILike(i.Email, pattern, LikePattern.Escape));
        }

        return query
            .OrderBy(i => i.Email)
            .Take(max)
            .Select(i => new PendingInvitation(
                i.Id, i.Email, i.Role, i.InvitedBy != null ? i.InvitedBy.DisplayName : null, i.CreatedAt, i.ExpiresAt))
            .ToListAsync();
    }

    /// <summary>A new link with a fresh expiry; the old link stops working. Null when the invitation is no longer open.</summary>
    public async Task<SentInvitation?> ResendAsync(Guid organisationId, Guid invitationId, PortalUser actor, Action<SentInvitation>? announce = null)
    {
        var email = await OpenInvitationEmailAsync(organisationId, invitationId);
        if (email is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var expiresAt = now.AddDays(await ExpiryDaysAsync(organisationId));
        var (token, hash) = SecretToken.Create();
        // Conditional, so a link accepted a moment ago is not re-sent.
        var updated = await Open(organisationId, invitationId)
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

    /// <summary>Withdraws an open invitation; its link stops working. Returns the address, or null when it was no longer open.</summary>
    public async Task<string?> RevokeAsync(Guid organisationId, Guid invitationId, PortalUser actor)
    {
        var email = await OpenInvitationEmailAsync(organisationId, invitationId);
        if (email is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var updated = await Open(organisationId, invitationId).ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now));
        if (updated == 0)
        {
            return null;
        }

        audit.Add(AuditEventTypes.InvitationRevoked, actor, organisationId, details: new { invitation = invitationId }).TargetEmail = email;
        await db.SaveChangesAsync();
        return email;
    }

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

    private IQueryable<Invitation> Open(Guid organisationId, Guid invitationId) => db.Invitations.Where(i =>
        i.Id == invitationId && i.OrganisationId == organisationId && i.AcceptedAt == null && i.RevokedAt == null);

    private Task<string?> OpenInvitationEmailAsync(Guid organisationId, Guid invitationId) =>
        Open(organisationId, invitationId).Select(i => i.Email).SingleOrDefaultAsync();

    private Task<int> ExpiryDaysAsync(Guid organisationId) =>
        db.Organisations.Where(o => o.Id == organisationId).Select(o => o.InvitationExpiryDays).SingleAsync();
}
