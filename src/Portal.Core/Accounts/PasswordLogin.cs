using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Legacy;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Core.Support;

namespace Portal.Core.Accounts;

/// <summary>What the login form leads to.</summary>
public enum LoginNext
{
    /// <summary>Signed in with the password alone (no second factor, or a remembered device).</summary>
    SignedIn,

    /// <summary>The password was right and the person uses two-factor authentication: /login/2fa comes next.</summary>
    SecondFactor,

    /// <summary>Signed in, but every organisation of the person blocks them until they enrol (<see cref="MfaPolicy"/>).</summary>
    EnrolFirst,

    /// <summary>An old per-environment username with its right password: the move to an e-mail login comes next.</summary>
    LegacyMigration,

    /// <summary>A migrated old username with its right password: it no longer logs in (<see cref="LoginResult.Legacy"/> says since when).</summary>
    LegacyReplaced,

    /// <summary>Wrong e-mail, wrong password or a locked account: the person is told the same thing.</summary>
    Failed,
}

/// <summary>
/// The outcome of the login form. <see cref="RecoveryApplied"/>: a support recovery whose cooling-off
/// was over was applied at this login, so the password alone signed in.
/// </summary>
public sealed record LoginResult(LoginNext Next, PortalUser? User = null, bool RecoveryApplied = false, LegacyAccount? Legacy = null);

/// <summary>
/// The login form's decisions in one place: an old username goes to <see cref="LegacyLogin"/>; an
/// e-mail login has its password verified ONCE (PBKDF2, lockout, audit), then a remembered device
/// skips the second factor, a due support recovery is applied in its place, or the second step
/// begins; a completed sign-in of someone every organisation blocks leads to enrolment first.
/// </summary>
public sealed class PasswordLogin(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signInManager,
    IPasswordHasher<PortalUser> hasher,
    AttemptLimit attempts,
    SignInRead read,
    LegacyLogin legacyLogin,
    RecoveryCompletion recoveries,
    UserWorkspaces workspaces,
    AuditLog audit,
    PortalDbContext db,
    TimeProvider clock)
{
    /// <summary>OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA512 with 210,000 iterations.</summary>
    public const int PasswordHashIterations = 210_000;

    private const int MaxLoggedEmailLength = 256;

    public async Task<LoginResult> LoginAsync(string login, string password, bool rememberMe)
    {
        if (LegacyLogin.IsLegacyUsername(login))
        {
            var legacy = await legacyLogin.LoginAsync(login, password);
            return legacy.Outcome switch
            {
                LegacyLoginOutcome.Verified => new LoginResult(LoginNext.LegacyMigration, Legacy: legacy.Account),
                LegacyLoginOutcome.Replaced => new LoginResult(LoginNext.LegacyReplaced, Legacy: legacy.Account),
                _ => new LoginResult(LoginNext.Failed),
            };
        }

        var email = login.Trim();
        // The person, whether they have a second factor and the claims their cookie will carry: one read.
        var subject = await read.ByEmailAsync(users.NormalizeEmail(email));
        if (subject is null)
        {
            PasswordTiming.VerifyAgainstNobody(hasher, password);
            await audit.WriteAsync(AuditEventTypes.LoginFailed, actor: null,
                actorEmail: email.Length > MaxLoggedEmailLength ? email[..MaxLoggedEmailLength] : email,
                details: new { reason = "unknown_email" });
            return new LoginResult(LoginNext.Failed);
        }

        // Failed passwords count towards the account lockout (ASVS V6.3.1), reserved before the
        // password is checked so that parallel guesses cannot outrun it (AttemptLimit). A correct
        // password of someone with a second factor only gives its attempt back.
        // An authenticator app or a passkey: either makes the password only the first step.
        var user = subject.User;
        var secondFactor = subject.HasSecondFactor;
        var attempt = await attempts.VerifyAsync(user, () => users.CheckPasswordAsync(user, password),
            secondFactor ? OnAccepted.ReturnAttempt : OnAccepted.SignIn);
        if (attempt.Outcome == AttemptOutcome.Refused)
        {
            // A locked account is answered after the same PBKDF2 work as any other: a quick answer
            // would tell that the e-mail exists (and is under attack).
            PasswordTiming.VerifyAgainstNobody(hasher, password);
            await audit.WriteAsync(AuditEventTypes.LockedOut, user, details: new { reason = "locked" });
            return new LoginResult(LoginNext.Failed);
        }

        if (attempt.Outcome == AttemptOutcome.Rejected)
        {
            await audit.WriteAsync(attempt.LockedOut ? AuditEventTypes.LockedOut : AuditEventTypes.LoginFailed, user,
                details: new { reason = "wrong_password" });
            return new LoginResult(LoginNext.Failed);
        }

        return secondFactor
            ? await AfterPasswordWithSecondFactorAsync(user, rememberMe)
            : await SignedInAsync(user, rememberMe, "pwd", factorsVerified: true);
    }

    /// <summary>
    /// Signs the person in once every factor is verified, in two round trips after the claims
    /// (<see cref="SignInRead"/>): one statement for the last login, the browser and, when
    /// <paramref name="factorsVerified"/> (the secrets were checked under <see cref="OnAccepted.SignIn"/>),
    /// the end of the attempt window (<see cref="KnownBrowsers.RecordSignInAsync"/>); then one SaveChanges
    /// for the server-side session, the audit events and a new-browser notice.
    /// </summary>
    public async Task CompleteAsync(PortalUser user, bool rememberMe, string method, bool factorsVerified = false)
    {
        var properties = new AuthenticationProperties { IsPersistent = rememberMe };
        properties.SetParameter(SignInCompletion.Parameter, new SignInCompletion(factorsVerified));
        await signInManager.SignInAsync(user, properties, method);
        db.AcceptWritten(user, u => u.LastLoginAt, (DateTimeOffset?)clock.GetUtcNow());
        audit.Add(AuditEventTypes.LoginSucceeded, user, details: new { method });
        await db.SaveChangesAsync();
    }

    private async Task<LoginResult> AfterPasswordWithSecondFactorAsync(PortalUser user, bool rememberMe)
    {
        // A device remembered for 30 days skips the code; the cookie dies with any password or
        // 2FA change because it is bound to the security stamp (PortalSignInManager).
        if (await signInManager.IsTwoFactorClientRememberedAsync(user))
        {
            return await SignedInAsync(user, rememberMe, "pwd+remembered-device");
        }

        // A support recovery whose cooling-off is over is applied now rather than at the worker's next
        // minute: the reset removed the second factors, so the password alone signs in, and the
        // attempt it gave back ends the lockout window as any password-only login does.
        if (await recoveries.ApplyDueAsync(user.Id) > 0)
        {
            return (await SignedInAsync(user, rememberMe, "pwd", factorsVerified: true)) with { RecoveryApplied = true };
        }

        await TwoFactorLogin.BeginAsync(signInManager, user, rememberMe);
        return new LoginResult(LoginNext.SecondFactor, user);
    }

    private async Task<LoginResult> SignedInAsync(PortalUser user, bool rememberMe, string method, bool factorsVerified = false)
    {
        await CompleteAsync(user, rememberMe, method, factorsVerified);
        // Every organisation of the person requires 2FA they do not have: enrolment comes first.
        var blocked = (await workspaces.MfaPolicyAsync(user.Id)).BlocksEverywhere(clock.GetUtcNow());
        return new LoginResult(blocked ? LoginNext.EnrolFirst : LoginNext.SignedIn, user);
    }
}
