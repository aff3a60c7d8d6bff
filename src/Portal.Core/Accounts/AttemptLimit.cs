using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Accounts;

public enum AttemptOutcome
{
    /// <summary>The secret was right.</summary>
    Accepted,

    /// <summary>The secret was checked and wrong; the attempt stays counted.</summary>
    Rejected,

    /// <summary>Not checked at all: the account is locked, or its allowed attempts are all in use.</summary>
    Refused,
}

/// <param name="Outcome">Whether the secret was checked, and how it went.</param>
/// <param name="LockedOut">Whether the account is locked now (always so when <see cref="AttemptOutcome.Refused"/>).</param>
public readonly record struct AttemptResult(AttemptOutcome Outcome, bool LockedOut)
{
    public bool Accepted => Outcome == AttemptOutcome.Accepted;
}

/// <summary>What a right secret does to the window's count.</summary>
public enum OnAccepted
{
    /// <summary>The sign-in is not complete yet (a second factor follows) or the person is re-authenticating: only this attempt is given back.</summary>
    ReturnAttempt,

    /// <summary>Every factor is verified: the window starts again, as Identity resets its count on success.</summary>
    EndWindow,

    /// <summary>
    /// Every factor is verified and the sign-in follows at once: the window ends in the sign-in's own
    /// write (<see cref="PasswordLogin.CompleteAsync"/> with <c>factorsVerified</c>), not in a statement of its own.
    /// </summary>
    SignIn,
}

/// <summary>
/// The one rule for guessing a person's secrets — passwords at login and on the security pages,
/// authenticator codes, backup codes, backup e-mail codes: at most
/// <see cref="LockoutOptions.MaxFailedAccessAttempts"/> verifications per lockout window, however
/// many requests arrive at once (NIST SP 800-63B §5.2.2; OWASP ASVS 5.0 V6.3.1).
/// </summary>
/// <remarks>
/// An attempt is reserved BEFORE the secret is verified, by one conditional UPDATE of Identity's
/// AccessFailedCount that succeeds only while the account is not locked and fewer attempts than the
/// limit are taken; PostgreSQL serialises concurrent UPDATEs of the row and re-checks the condition,
/// so twenty parallel guesses get at most five verifications. Checking the lockout first and counting
/// the failure after the ~0.5 s of PBKDF2 let every parallel guess through (issue: the right password,
/// sent last in a burst, signed in after the account was locked).
/// The count holds the window's attempts, finished or still in flight. The reservation that fills
/// the window sets LockoutEnd at once (so nothing else starts until it ends or an attempt succeeds);
/// a wrong secret writes nothing more. A right one gives its attempt back, or ends the window once
/// every factor is verified. An attempt whose request dies stays counted: a window that filled that
/// way ends with its lock, so nothing is locked for longer than the lockout.
/// Lockout ends are compared with the wall clock, as Identity does. The two columns are never written
/// by SaveChanges (see PortalUserConfiguration): a user loaded before a burst and saved after it would
/// otherwise write back its stale count.
/// </remarks>
public sealed class AttemptLimit(PortalDbContext db, IOptions<IdentityOptions> identity)
{
    private LockoutOptions Options => identity.Value.Lockout;

    /// <summary>Verifies a secret of <paramref name="user"/> with <paramref name="verify"/>, if an attempt can be reserved.</summary>
    public async Task<AttemptResult> VerifyAsync(PortalUser user, Func<Task<bool>> verify, OnAccepted onAccepted)
    {
        if (!await ReserveAsync(user.Id))
        {
            return new AttemptResult(AttemptOutcome.Refused, LockedOut: true);
        }

        if (await verify())
        {
            if (onAccepted == OnAccepted.EndWindow)
            {
                await EndWindowAsync(user.Id);
            }
            else if (onAccepted == OnAccepted.ReturnAttempt)
            {
                await ReturnAttemptAsync(user.Id);
            }

            return new AttemptResult(AttemptOutcome.Accepted, LockedOut: false);
        }

        var now = DateTimeOffset.UtcNow;
        var locked = await db.Users.AnyAsync(u => u.Id == user.Id && u.LockoutEnd > now);
        return new AttemptResult(AttemptOutcome.Rejected, locked);
    }

    /// <summary>Forgets the window's attempts and lifts its lockout (after a full sign-in, or a reset link proved the mailbox).</summary>
    public async Task EndWindowAsync(Guid userId) =>
        await db.Users.Where(u => u.Id == userId && (u.AccessFailedCount != 0 || u.LockoutEnd != null))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null));

    /// <summary>Takes one attempt of the window; false when the account is locked or the window is full.</summary>
    internal async Task<bool> ReserveAsync(Guid userId)
    {
        var limit = Options.MaxFailedAccessAttempts;
        var now = DateTimeOffset.UtcNow;
        var lockedUntil = now + Options.DefaultLockoutTimeSpan;
        // An ended lockout starts a new window: this attempt is its first. Both right-hand sides read
        // the row as it was before the UPDATE.
        var reserved = await db.Users
            .Where(u => u.Id == userId && ((u.LockoutEnd == null && u.AccessFailedCount < limit) || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, u => u.LockoutEnd != null ? 1 : u.AccessFailedCount + 1)
                .SetProperty(u => u.LockoutEnd, u => (u.LockoutEnd != null ? 1 : u.AccessFailedCount + 1) >= limit ? (DateTimeOffset?)lockedUntil : null));
        return reserved == 1;
    }

    /// <summary>Gives a right attempt back; a window that is no longer full is no longer locked.</summary>
    private async Task ReturnAttemptAsync(Guid userId)
    {
        var limit = Options.MaxFailedAccessAttempts;
        await db.Users.Where(u => u.Id == userId && u.AccessFailedCount > 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount - 1)
                .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount - 1 >= limit ? u.LockoutEnd : null));
    }
}
