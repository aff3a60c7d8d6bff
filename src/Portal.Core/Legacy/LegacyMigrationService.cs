using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;
using Portal.Core.Security;

namespace Portal.Core.Legacy;

public enum LegacyConfirmOutcome
{
    /// <summary>Unknown, expired or already used link, or the username was migrated meanwhile.</summary>
    Invalid,

    /// <summary>A login exists for the e-mail: the person must sign in with it to prove they own both.</summary>
    SignInRequired,

    /// <summary>A new login was created for the e-mail.</summary>
    Created,

    /// <summary>The username was linked to the existing login the person is signed in with.</summary>
    Linked,
}

public sealed record LegacyConfirmResult(LegacyConfirmOutcome Outcome, LegacyMigration? Migration = null, PortalUser? User = null);

/// <summary>
/// Moving an old username to an e-mail login: start (new e-mail, name and password, confirmation
/// link e-mailed), then confirm — which creates the login or links the username to an existing
/// one, adds the old account's membership and retires the username, all or nothing.
/// </summary>
public sealed class LegacyMigrationService(
    PortalDbContext db,
    UserManager<PortalUser> users,
    IPasswordHasher<PortalUser> hasher,
    AuditLog audit,
    TimeProvider clock)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    /// <summary>Returns the link token (only its hash is stored), or the password problem.</summary>
    public async Task<(string? Token, PasswordProblem Problem)> StartAsync(LegacyAccount account, string email, string displayName, string newPassword)
    {
        email = email.Trim().ToLowerInvariant();
        var problem = PasswordPolicy.Check(newPassword, email, displayName);
        if (problem != PasswordProblem.None)
        {
            return (null, problem);
        }

        var (token, hash) = SecretToken.Create();
        var now = clock.GetUtcNow();
        db.LegacyMigrations.Add(new LegacyMigration
        {
            LegacyAccountId = account.Id,
            Email = email,
            DisplayName = displayName.Trim(),
            NewPasswordHash = hasher.HashPassword(new PortalUser { Email = email }, newPassword),
            TokenHash = hash,
            CreatedAt = now,
            ExpiresAt = now + LinkLifetime,
        });
        audit.Add(AuditEventTypes.LegacyMigrationStarted, null, account.OrganisationId, actorEmail: account.Username, details: new { email });
        await db.SaveChangesAsync();
        return (token, PasswordProblem.None);
    }

    /// <summary>What the link leads to, without using it.</summary>
    public Task<LegacyMigration?> FindOpenAsync(string token)
    {
        var hash = SecretToken.Hash(token);
        var now = clock.GetUtcNow();
        return db.LegacyMigrations.AsNoTracking()
            .Include(m => m.LegacyAccount).ThenInclude(a => a!.Organisation)
            .Include(m => m.LegacyAccount).ThenInclude(a => a!.Environment)
            .SingleOrDefaultAsync(m => m.TokenHash == hash && m.ConfirmedAt == null && m.ExpiresAt > now
                && m.LegacyAccount!.Status == LegacyAccountStatus.Pending);
    }

    /// <param name="token">The link's token.</param>
    /// <param name="signedInUserId">The login the person is signed in with, if any.</param>
    public async Task<LegacyConfirmResult> ConfirmAsync(string token, Guid? signedInUserId)
    {
        var migration = await FindOpenAsync(token);
        if (migration is null)
        {
            return new(LegacyConfirmOutcome.Invalid);
        }

        var existing = await users.FindByEmailAsync(migration.Email);
        if (existing is not null && existing.Id != signedInUserId)
        {
            return new(LegacyConfirmOutcome.SignInRequired, migration);
        }

        // The retrying execution strategy runs the whole transaction as one retriable unit.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => ConfirmInTransactionAsync(migration, existing));
    }

    private async Task<LegacyConfirmResult> ConfirmInTransactionAsync(LegacyMigration migration, PortalUser? existing)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Single use, even when the link is confirmed twice at the same moment: the conditional
        // UPDATEs' affected-row counts decide, inside one transaction.
        var claimed = await db.LegacyMigrations
            .Where(m => m.Id == migration.Id && m.ConfirmedAt == null && m.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ConfirmedAt, now));
        var retired = claimed == 1 && await db.LegacyAccounts
            .Where(a => a.Id == migration.LegacyAccountId && a.Status == LegacyAccountStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, LegacyAccountStatus.Migrated).SetProperty(a => a.MigratedAt, now)) == 1;
        if (!retired)
        {
            await transaction.RollbackAsync();
            return new(LegacyConfirmOutcome.Invalid);
        }

        var user = existing ?? await CreateLoginAsync(migration, now);
        await db.LegacyAccounts.Where(a => a.Id == migration.LegacyAccountId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.MigratedToUserId, user.Id));
        await AddMembershipAsync(user, migration.LegacyAccount!, now);
        audit.Add(existing is null ? AuditEventTypes.LegacyMigrationConfirmed : AuditEventTypes.LegacyLinked, user,
            migration.LegacyAccount!.OrganisationId, details: new { username = migration.LegacyAccount.Username });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return new(existing is null ? LegacyConfirmOutcome.Created : LegacyConfirmOutcome.Linked, migration, user);
    }

    private async Task<PortalUser> CreateLoginAsync(LegacyMigration migration, DateTimeOffset now)
    {
        var user = new PortalUser
        {
            UserName = migration.Email,
            Email = migration.Email,
            // The person opened the link sent to this address.
            EmailConfirmed = true,
            DisplayName = migration.DisplayName,
            CreatedAt = now,
            PasswordHash = migration.NewPasswordHash,
        };
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Login not created: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }

        return user;
    }

    private async Task AddMembershipAsync(PortalUser user, LegacyAccount account, DateTimeOffset now)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id && m.OrganisationId == account.OrganisationId);
        if (membership is null)
        {
            db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = account.OrganisationId, Role = account.Role, CreatedAt = now });
        }
        else if (account.Role == OrganisationRole.Admin)
        {
            // Two old usernames of one office: the person keeps the higher of their roles.
            membership.Role = OrganisationRole.Admin;
        }
    }
}
