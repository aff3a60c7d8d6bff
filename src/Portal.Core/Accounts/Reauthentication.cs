using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Accounts;

/// <summary>
/// Proof that the person has just re-authenticated. Only <see cref="Reauthentication"/> creates one,
/// and only after a successful check, so the commands that weaken an account (they take one) cannot
/// be called without it (OWASP ASVS 5.0 V7.5.1: re-authentication before changing MFA settings or
/// recovery details). It is bound to the person and short-lived: it is made and spent in one request.
/// </summary>
public sealed class ReauthenticationProof
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private ReauthenticationProof(Guid userId, DateTimeOffset confirmedAt)
    {
        UserId = userId;
        ConfirmedAt = confirmedAt;
    }

    public Guid UserId { get; }

    public DateTimeOffset ConfirmedAt { get; }

    internal static ReauthenticationProof Issue(Guid userId, DateTimeOffset confirmedAt) => new(userId, confirmedAt);

    /// <summary>
    /// Throws when the proof is someone else's or older than <see cref="Lifetime"/>: a caller that
    /// gets here without a fresh proof of this person is a programming error, never a user's.
    /// </summary>
    internal void EnsureFor(PortalUser user, DateTimeOffset now)
    {
        if (UserId != user.Id || now - ConfirmedAt > Lifetime || now < ConfirmedAt)
        {
            throw new InvalidOperationException("This change needs the person to re-authenticate first.");
        }
    }
}

/// <summary>
/// Asks a signed-in person for their password again before a change that weakens the account
/// (design.md; OWASP ASVS 5.0 V7.5.1) and hands out the <see cref="ReauthenticationProof"/> those
/// commands require. Wrong passwords count towards the same lockout as at login, so someone with a
/// stolen session cannot guess the password here either, not even in parallel (<see cref="AttemptLimit"/>).
/// A passkey assertion becomes a second way to the same proof.
/// </summary>
public sealed class Reauthentication(UserManager<PortalUser> users, AttemptLimit attempts, TimeProvider clock)
{
    /// <summary>The proof, or null for a wrong password or a locked account.</summary>
    public async Task<ReauthenticationProof?> WithPasswordAsync(PortalUser user, string? password) =>
        !string.IsNullOrEmpty(password)
        && (await attempts.VerifyAsync(user, () => users.CheckPasswordAsync(user, password), OnAccepted.ReturnAttempt)).Accepted
            ? ReauthenticationProof.Issue(user.Id, clock.GetUtcNow())
            : null;
}
