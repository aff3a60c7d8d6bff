using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Legacy;

public enum LegacyLoginOutcome
{
    /// <summary>Unknown username, wrong password or locked: the same answer as a failed e-mail login.</summary>
    Failed,

    /// <summary>The username was migrated: it no longer logs in, and its password is not even checked.</summary>
    Replaced,

    /// <summary>The old password is right: the person now creates (or links) an e-mail login.</summary>
    Verified,
}

public sealed record LegacyLoginResult(LegacyLoginOutcome Outcome, LegacyAccount? Account = null);

/// <summary>Logging in with an old per-environment username.</summary>
public sealed class LegacyLogin(PortalDbContext db, IPasswordHasher<PortalUser> hasher, AuditLog audit, TimeProvider clock)
{
    /// <summary>The same throttle as e-mail logins (Identity's lockout options in ServiceRegistration).</summary>
    public const int MaxFailedAttempts = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>A login name without '@' is an old username.</summary>
    public static bool IsLegacyUsername(string login) => !login.Contains('@', StringComparison.Ordinal);

    public async Task<LegacyLoginResult> LoginAsync(string username, string password)
    {
        var normalised = username.Trim().ToLowerInvariant();
        var account = await db.LegacyAccounts.SingleOrDefaultAsync(a => a.Username == normalised);
        var now = clock.GetUtcNow();
        if (account is null)
        {
            PasswordTiming.VerifyAgainstNobody(hasher, password);
            await audit.WriteAsync(AuditEventTypes.LegacyLoginFailed, null, actorEmail: Truncate(normalised), details: new { reason = "unknown_username" });
            return new(LegacyLoginOutcome.Failed);
        }

        if (account.Status == LegacyAccountStatus.Migrated)
        {
            return new(LegacyLoginOutcome.Replaced, account);
        }

        if (account.LockedUntil > now)
        {
            return new(LegacyLoginOutcome.Failed);
        }

        var verified = hasher.VerifyHashedPassword(new PortalUser(), account.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (!verified)
        {
            account.FailedAttempts++;
            var lockedOut = account.FailedAttempts >= MaxFailedAttempts;
            if (lockedOut)
            {
                account.LockedUntil = now + LockoutDuration;
                account.FailedAttempts = 0;
            }

            audit.Add(lockedOut ? AuditEventTypes.LegacyLockedOut : AuditEventTypes.LegacyLoginFailed, null, account.OrganisationId,
                actorEmail: account.Username, details: new { reason = "wrong_password" });
            await db.SaveChangesAsync();
            return new(LegacyLoginOutcome.Failed);
        }

        account.FailedAttempts = 0;
        account.LockedUntil = null;
        audit.Add(AuditEventTypes.LegacyLogin, null, account.OrganisationId, actorEmail: account.Username);
        await db.SaveChangesAsync();
        return new(LegacyLoginOutcome.Verified, account);
    }

    private static string Truncate(string value) => value.Length > 256 ? value[..256] : value;
}
