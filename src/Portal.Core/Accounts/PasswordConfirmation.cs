using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Accounts;

/// <summary>
/// Asks a signed-in person for their password again before a change that weakens the account
/// (design.md; OWASP ASVS 5.0 V7.5.1: full re-authentication before changing MFA settings or
/// recovery details). Wrong passwords count towards the same lockout as at login, so someone with a
/// stolen session cannot guess the password here either, not even in parallel (<see cref="AttemptLimit"/>).
/// </summary>
public sealed class PasswordConfirmation(UserManager<PortalUser> users, AttemptLimit attempts)
{
    public async Task<bool> ConfirmAsync(PortalUser user, string? password) =>
        !string.IsNullOrEmpty(password)
        && (await attempts.VerifyAsync(user, () => users.CheckPasswordAsync(user, password), OnAccepted.ReturnAttempt)).Accepted;
}
