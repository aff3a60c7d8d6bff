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

    /// <summary>
    /// The username was migrated and the right old password was given: it no longer logs in. A wrong
    /// password on a migrated username is <see cref="Failed"/>, so the answer never tells which old
    /// usernames existed (OWASP ASVS 5.0 V6.3.8).
    /// </summary>
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

        if (account.LockedUntil > now)
        {
            PasswordTiming.VerifyAgainstNobody(hasher, password);
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
        if (account.Status == LegacyAccountStatus.Migrated)
        {
            // Only someone who knows the old password learns that the username was replaced.
            await db.SaveChangesAsync();
            return new(LegacyLoginOutcome.Replaced, account);
        }

        audit.Add(AuditEventTypes.LegacyLogin, null, account.OrganisationId, actorEmail: account.Username);
        await db.SaveChangesAsync();
        return new(LegacyLoginOutcome.Verified, account);
    }

    private static string Truncate(string value) => value.Length > 256 ? value[..256] : value;
}
