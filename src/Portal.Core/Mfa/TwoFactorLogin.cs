using Microsoft.AspNetCore.Identity;
using Portal.Core.Accounts;
using Portal.Core.Audit;

namespace Portal.Core.Mfa;

/// <summary>
/// A password-verified login waiting for its second factor; <see cref="Authenticators"/> when it was
/// read for checking a code (<see cref="TwoFactorLogin.PendingAsync"/>), else null.
/// </summary>
public sealed record PendingLogin(PortalUser User, bool RememberMe, IReadOnlyList<AuthenticatorSecret>? Authenticators = null);

public enum SecondFactorStatus
{
    Succeeded,
    Failed,

    /// <summary>Too many wrong passwords and codes: the account is locked for a while, whatever is typed.</summary>
    LockedOut,

    /// <summary>Refused like a wrong code (and counted), but it was the right code used once already (RFC 6238 §5.2): the person waits for the next one.</summary>
    Replayed,
}

/// <summary>
/// The second step of signing in (/login/2fa and /login/recovery): an authenticator code, a backup
/// code or a code sent to the backup e-mail. Wrong codes of every kind count towards the same
/// lockout as wrong passwords (SP 800-63B §5.2.2; OWASP ASVS 5.0 V6.3.1), and success completes the
/// sign-in through <see cref="PasswordLogin.CompleteAsync"/> so sessions and audit stay in one place.
/// </summary>
public sealed class TwoFactorLogin(
    SignInManager<PortalUser> signInManager,
    SignInRead read,
    AttemptLimit attempts,
    PasswordLogin passwordLogin,
    AuthenticatorService authenticators,
    BackupCodeService backupCodes,
    BackupEmailService backupEmail,
    AuditLog audit)
{
    /// <summary>A password-verified login waits at most this long for its second factor.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    /// <summary>"Remember this device": the second factor is skipped on this browser for this long.</summary>
    public static readonly TimeSpan RememberDeviceFor = TimeSpan.FromDays(30);

    public const string AuthenticatorMethod = "mfa-totp";
    public const string BackupCodeMethod = "mfa-backup-code";
    public const string EmailCodeMethod = "mfa-email-code";

    /// <summary>
    /// The login waiting for its second factor, or null when there is none, its five minutes are over,
    /// or the person's password or second factors changed since the password was checked.
    /// <paramref name="forCode"/>: the authenticators' secrets come in the same read, for
    /// <see cref="WithAuthenticatorAsync"/> (the step's budget is 5 SQL statements in all).
    /// </summary>
    public async Task<PendingLogin?> PendingAsync(bool forCode = false)
    {
        var ticket = await PendingSignIn.ReadAsync(signInManager.Context, StampClaimType);
        var subject = ticket is null ? null : await read.ByIdAsync(ticket.UserId, withSecrets: forCode);
        if (ticket is null || subject is null || subject.User.SecurityStamp != ticket.SecurityStamp)
        {
            return null;
        }

        return new PendingLogin(subject.User, ticket.RememberMe, forCode ? subject.Authenticators : null);
    }

    /// <summary>
    /// An authenticator code. <paramref name="rememberDevice"/> ("remember this device for 30 days")
    /// sets Identity's remember-me cookie, bound to the security stamp.
    /// </summary>
    public async Task<SecondFactorStatus> WithAuthenticatorAsync(PendingLogin login, string code, bool rememberDevice)
    {
        var check = CodeCheck.Wrong;
        var status = await CheckAsync(login, AuthenticatorMethod,
            async () => (check = await authenticators.VerifyAsync(login.User, code, login.Authenticators)) == CodeCheck.Accepted);
        if (status == SecondFactorStatus.Succeeded && rememberDevice)
        {
            await signInManager.RememberTwoFactorClientAsync(login.User);
        }

        return status == SecondFactorStatus.Failed && check == CodeCheck.Replayed ? SecondFactorStatus.Replayed : status;
    }

    public async Task<SecondFactorStatus> WithBackupCodeAsync(PendingLogin login, string code)
    {
        var status = await CheckAsync(login, BackupCodeMethod, () => backupCodes.RedeemAsync(login.User.Id, code));
        if (status == SecondFactorStatus.Succeeded)
        {
            await audit.WriteAsync(AuditEventTypes.BackupCodeUsed, login.User);
        }

        return status;
    }

    public Task<EmailCodeResult> SendEmailCodeAsync(PendingLogin login) => backupEmail.IssueLoginCodeAsync(login.User);

    public Task<SecondFactorStatus> WithEmailCodeAsync(PendingLogin login, string code) =>
        CheckAsync(login, EmailCodeMethod, () => backupEmail.RedeemLoginCodeAsync(login.User.Id, code));

    private string StampClaimType => signInManager.Options.ClaimsIdentity.SecurityStampClaimType;

    private async Task<SecondFactorStatus> CheckAsync(PendingLogin login, string method, Func<Task<bool>> verify)
    {
        var user = login.User;
        // The attempt is reserved before the code is looked at, so neither a lockout nor a burst of
        // parallel guesses lets more than the allowed number of codes be tried (AttemptLimit).
        var attempt = await attempts.VerifyAsync(user, verify, OnAccepted.SignIn);
        if (attempt.Accepted)
        {
            await PendingSignIn.EndAsync(signInManager.Context);
            await passwordLogin.CompleteAsync(user, login.RememberMe, method, factorsVerified: true);
            return SecondFactorStatus.Succeeded;
        }

        if (attempt.LockedOut)
        {
            await audit.WriteAsync(AuditEventTypes.LockedOut, user,
                details: new { method, reason = attempt.Outcome == AttemptOutcome.Refused ? "locked" : "wrong_code" });
            await PendingSignIn.EndAsync(signInManager.Context);
            return SecondFactorStatus.LockedOut;
        }

        await audit.WriteAsync(AuditEventTypes.SecondFactorFailed, user, details: new { method });
        return SecondFactorStatus.Failed;
    }

    /// <summary>Starts the second step after a correct password (called by <see cref="PasswordLogin"/>).</summary>
    internal static async Task BeginAsync(SignInManager<PortalUser> signInManager, PortalUser user, bool rememberMe)
    {
        var stamp = await signInManager.UserManager.GetSecurityStampAsync(user);
        await PendingSignIn.BeginAsync(signInManager.Context, user.Id, stamp, rememberMe,
            signInManager.Options.ClaimsIdentity.SecurityStampClaimType);
    }
}
