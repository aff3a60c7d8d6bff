using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mfa;

namespace Portal.Core.Accounts;

public enum LoginStatus
{
    Succeeded,

    /// <summary>The password was right and the person uses two-factor authentication: /login/2fa comes next.</summary>
    RequiresTwoFactor,

    /// <summary>Wrong e-mail, wrong password or a locked account: the person is told the same thing.</summary>
    Failed,
}

/// <summary>The e-mail + password step of signing in.</summary>
public sealed class PasswordLogin(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signInManager,
    IPasswordHasher<PortalUser> hasher,
    AttemptLimit attempts,
    TwoFactorSettings twoFactor,
    AuditLog audit,
    PortalDbContext db,
    TimeProvider clock)
{
    /// <summary>OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA512 with 210,000 iterations.</summary>
    public const int PasswordHashIterations = 210_000;

    private const int MaxLoggedEmailLength = 256;

    public async Task<LoginStatus> LoginAsync(string email, string password, bool rememberMe)
    {
        email = email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            PasswordTiming.VerifyAgainstNobody(hasher, password);
            await audit.WriteAsync(AuditEventTypes.LoginFailed, actor: null,
                actorEmail: email.Length > MaxLoggedEmailLength ? email[..MaxLoggedEmailLength] : email,
                details: new { reason = "unknown_email" });
            return LoginStatus.Failed;
        }

        // Failed passwords count towards the account lockout (ASVS V6.3.1), reserved before the
        // password is checked so that parallel guesses cannot outrun it (AttemptLimit). A correct
        // password of someone with a second factor only gives its attempt back.
        var secondFactor = await twoFactor.HasActiveAuthenticatorAsync(user.Id);
        var attempt = await attempts.VerifyAsync(user, () => users.CheckPasswordAsync(user, password),
            secondFactor ? OnAccepted.ReturnAttempt : OnAccepted.EndWindow);
        if (attempt.Outcome == AttemptOutcome.Refused)
        {
            // A locked account is answered after the same PBKDF2 work as any other: a quick answer
            // would tell that the e-mail exists (and is under attack).
            PasswordTiming.VerifyAgainstNobody(hasher, password);
            await audit.WriteAsync(AuditEventTypes.LockedOut, user, details: new { reason = "locked" });
            return LoginStatus.Failed;
        }

        if (attempt.Outcome == AttemptOutcome.Rejected)
        {
            await audit.WriteAsync(attempt.LockedOut ? AuditEventTypes.LockedOut : AuditEventTypes.LoginFailed, user,
                details: new { reason = "wrong_password" });
            return LoginStatus.Failed;
        }

        if (secondFactor)
        {
            // A device remembered for 30 days skips the code; the cookie dies with any password or
            // 2FA change because it is bound to the security stamp (PortalSignInManager).
            if (await signInManager.IsTwoFactorClientRememberedAsync(user))
            {
                await CompleteAsync(user, rememberMe, "pwd+remembered-device");
                return LoginStatus.Succeeded;
            }

            await TwoFactorLogin.BeginAsync(signInManager, user, rememberMe);
            return LoginStatus.RequiresTwoFactor;
        }

        await CompleteAsync(user, rememberMe, "pwd");
        return LoginStatus.Succeeded;
    }

    /// <summary>Signs the person in once every factor is verified.</summary>
    public async Task CompleteAsync(PortalUser user, bool rememberMe, string method)
    {
        await signInManager.SignInAsync(user, rememberMe, method);
        DateTimeOffset? now = clock.GetUtcNow();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastLoginAt, now));
        db.AcceptWritten(user, u => u.LastLoginAt, now);
        await audit.WriteAsync(AuditEventTypes.LoginSucceeded, user, details: new { method });
    }
}
