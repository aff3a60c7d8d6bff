using Microsoft.AspNetCore.Identity;
using Portal.Core.Audit;
using Portal.Core.Mail;

namespace Portal.Core.Accounts;

/// <summary>
/// Setting a new password, by the person (current password required) or through a reset link.
/// Either way the person's other sessions end (design.md; OWASP ASVS 5.0 V7.4.3) and the change is
/// audited; a change by the person also raises its notice, in the same SaveChanges.
/// </summary>
public sealed class PasswordChange(
    PortalUserManager users,
    Reauthentication reauthentication,
    AttemptLimit attempts,
    UserSessionService sessions,
    AuditLog audit,
    ISecurityNoticeMail notices)
{
    /// <summary>Fails with <see cref="IdentityErrorDescriber.PasswordMismatch"/> when the current password is wrong or the account is locked.</summary>
    public async Task<IdentityResult> ChangeAsync(PortalUser user, string currentPassword, string newPassword, Guid? currentSession)
    {
        // The current password is the re-authentication, and a guess like any other: it counts towards the lockout.
        if (await reauthentication.WithPasswordAsync(user, currentPassword) is not { } proof)
        {
            return IdentityResult.Failed(users.ErrorDescriber.PasswordMismatch());
        }

        var result = await users.ReplaceVerifiedPasswordAsync(user, proof, newPassword, () =>
        {
            audit.Add(AuditEventTypes.PasswordChanged, user);
            notices.Queue(user, new PasswordChangedNotice());
        });
        if (result.Succeeded)
        {
            await sessions.RevokeAllAsync(user.Id, keep: currentSession);
        }

        return result;
    }

    /// <summary>Fails with <see cref="IdentityErrorDescriber.InvalidToken"/> when the link is invalid, expired or already used.</summary>
    public async Task<IdentityResult> ResetAsync(PortalUser user, string token, string newPassword)
    {
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            // The person proved they own the mailbox: a lockout from someone else's guesses ends too.
            await attempts.EndWindowAsync(user.Id);
            await sessions.RevokeAllAsync(user.Id);
            await audit.WriteAsync(AuditEventTypes.PasswordReset, user);
        }

        return result;
    }

    public static bool IsInvalidToken(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
}

public sealed record PasswordChangedNotice : SecurityNotice;
