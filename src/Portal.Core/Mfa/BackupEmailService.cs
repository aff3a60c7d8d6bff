using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mail;

namespace Portal.Core.Mfa;

public enum BackupEmailProblem
{
    None,

    /// <summary>The backup address is the login address: it would not help when that mailbox is lost.</summary>
    SameAsLogin,

    /// <summary>Not an address the portal can send to (<see cref="EmailAddressRule"/>).</summary>
    InvalidAddress,
}

/// <summary>
/// The outcome of a change: <see cref="Previous"/> is the address that was the backup e-mail before
/// (it gets a notice), <see cref="VerificationToken"/> goes into the link sent to the new address.
/// </summary>
public sealed record BackupEmailChange(BackupEmailProblem Problem, string? Previous = null, string? VerificationToken = null);

public enum EmailCodeIssue
{
    Sent,

    /// <summary>A code went out less than <see cref="BackupEmailService.ResendAfter"/> ago; it still works.</summary>
    TooSoon,

    /// <summary>The person has no verified backup e-mail.</summary>
    NoBackupEmail,
}

public sealed record EmailCodeResult(EmailCodeIssue Issue, string? Code = null, string? Address = null);

/// <summary>
/// The backup e-mail: an address verified by a link, and one-time codes sent to it on
/// /login/recovery when the authenticator is lost. E-mail is a recovery path, not an authenticator
/// (SP 800-63B §5.1.3.1), hence verification first, notices to the login address, and short-lived,
/// single-use, hashed codes (see <see cref="OneTimeEmailCode"/>).
/// </summary>
public sealed class BackupEmailService(
    PortalDbContext db,
    UserManager<PortalUser> users,
    TimedTokens tokens,
    TimeProvider clock,
    SecurityChanges changes,
    ISecurityNoticeMail notices,
    AuditLog audit)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    /// <summary>SP 800-63B §5.1.3.2: out-of-band secrets are valid for at most 10 minutes.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>A person can ask for another code after a minute, so nobody floods the backup mailbox.</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(1);

    private const string VerificationPurpose = "backup-email-verification";

    /// <summary>
    /// Adds or changes the backup e-mail, after re-authentication. The new address works only after
    /// its link is clicked (the caller sends it); the previous one stops at once and is told so.
    /// </summary>
    public async Task<BackupEmailChange> SetAsync(PortalUser user, ReauthenticationProof proof, string email, Guid? keepSession)
    {
        proof.EnsureFor(user, clock.GetUtcNow());
        email = email.Trim();
        if (!EmailAddressRule.IsValid(email))
        {
            return new BackupEmailChange(BackupEmailProblem.InvalidAddress);
        }

        if (string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return new BackupEmailChange(BackupEmailProblem.SameAsLogin);
        }

        var previous = user.BackupEmail;
        user.BackupEmail = email;
        user.BackupEmailVerifiedAt = null;
        await db.InTransactionAsync(async () =>
        {
            await VoidEmailCodesAsync(user.Id);
            if (previous is not null && !string.Equals(previous, email, StringComparison.OrdinalIgnoreCase))
            {
                notices.Queue(previous, user, new NoLongerBackupEmailNotice());
            }

            await changes.RecordAsync(user, AuditEventTypes.BackupEmailChanged, keepSession, new { added = previous is null },
                notice: new BackupEmailChangedNotice(email));
        });
        return new BackupEmailChange(BackupEmailProblem.None, previous, VerificationToken(user));
    }

    /// <summary>A new link for the address waiting for verification (the first e-mail got lost), or null.</summary>
    public string? VerificationToken(PortalUser user) =>
        user is { BackupEmail: { } email, BackupEmailVerifiedAt: null } ? tokens.Protect(VerificationPurpose, user.Id, email) : null;

    /// <summary>
    /// Verifies the backup address from the link: valid for 24 hours and only for the address that is
    /// still the person's backup e-mail. Returns the person, or null for an invalid link.
    /// </summary>
    public async Task<PortalUser?> VerifyAsync(Guid userId, string? token)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        var email = user is null ? null : tokens.Unprotect(VerificationPurpose, user.Id, token, LinkLifetime);
        if (user is null || email is null || !string.Equals(email, user.BackupEmail, StringComparison.Ordinal))
        {
            return null;
        }

        if (user.BackupEmailVerifiedAt is null)
        {
            user.BackupEmailVerifiedAt = clock.GetUtcNow();
            audit.Add(AuditEventTypes.BackupEmailVerified, user);
            await users.UpdateAsync(user);
        }

        return user;
    }

    /// <summary>Removes the backup e-mail, after re-authentication; returns the address it was.</summary>
    public async Task<string?> RemoveAsync(PortalUser user, ReauthenticationProof proof, Guid? keepSession)
    {
        proof.EnsureFor(user, clock.GetUtcNow());
        var previous = user.BackupEmail;
        if (previous is null)
        {
            return null;
        }

        user.BackupEmail = null;
        user.BackupEmailVerifiedAt = null;
        await db.InTransactionAsync(async () =>
        {
            await VoidEmailCodesAsync(user.Id);
            notices.Queue(previous, user, new NoLongerBackupEmailNotice());
            await changes.RecordAsync(user, AuditEventTypes.BackupEmailRemoved, keepSession, notice: new BackupEmailRemovedNotice(previous));
        });
        return previous;
    }

    /// <summary>
    /// A fresh 8-digit code for the verified backup e-mail, valid <see cref="CodeLifetime"/>; earlier
    /// codes stop working. Only its HMAC is stored; the caller e-mails the code.
    /// </summary>
    public async Task<EmailCodeResult> IssueLoginCodeAsync(PortalUser user)
    {
        if (user is not { BackupEmail: { } address, BackupEmailVerifiedAt: not null })
        {
            return new EmailCodeResult(EmailCodeIssue.NoBackupEmail);
        }

        var now = clock.GetUtcNow();
        var lastSent = await db.EmailLoginCodes.Where(c => c.UserId == user.Id && c.UsedAt == null && c.ExpiresAt > now)
            .MaxAsync(c => (DateTimeOffset?)c.CreatedAt);
        if (lastSent is { } sent && now - sent < ResendAfter)
        {
            return new EmailCodeResult(EmailCodeIssue.TooSoon, Address: address);
        }

        var code = OneTimeEmailCode.Generate();
        var row = new EmailLoginCode { UserId = user.Id, CreatedAt = now, ExpiresAt = now + CodeLifetime };
        row.Hash = OneTimeEmailCode.Hash(code, PurposeSalt(row));
        await db.InTransactionAsync(async () =>
        {
            await VoidEmailCodesAsync(user.Id);
            db.EmailLoginCodes.Add(row);
            audit.Add(AuditEventTypes.EmailLoginCodeSent, user);
            await db.SaveChangesAsync();
        });
        return new EmailCodeResult(EmailCodeIssue.Sent, code, address);
    }

    /// <summary>
    /// Uses the person's outstanding code if <paramref name="code"/> is it and it has not expired.
    /// Single use is decided by one conditional UPDATE, as for backup codes.
    /// </summary>
    public async Task<bool> RedeemLoginCodeAsync(Guid userId, string code)
    {
        var now = clock.GetUtcNow();
        var outstanding = await db.EmailLoginCodes.AsNoTracking()
            .Where(c => c.UserId == userId && c.UsedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync();
        if (outstanding is null || string.IsNullOrWhiteSpace(code) || code.Length > 32)
        {
            return false;
        }

        var typed = Convert.FromHexString(OneTimeEmailCode.Hash(code, PurposeSalt(outstanding)));
        if (!CryptographicOperations.FixedTimeEquals(typed, Convert.FromHexString(outstanding.Hash)))
        {
            return false;
        }

        var used = await db.EmailLoginCodes
            .Where(c => c.Id == outstanding.Id && c.UsedAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now));
        return used == 1;
    }

    /// <summary>"j•••@e•••.be": enough for the person to recognise, too little for someone who only knows the password.</summary>
    public static string Mask(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return "•••";
        }

        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var suffix = dot > 0 ? domain[dot..] : "";
        return $"{email[0]}•••@{domain[0]}•••{suffix}";
    }

    private Task<int> VoidEmailCodesAsync(Guid userId) =>
        db.EmailLoginCodes.Where(c => c.UserId == userId && c.UsedAt == null).ExecuteDeleteAsync();

    /// <summary>Keyed per user and per code, so equal digits never give equal rows (see <see cref="OneTimeEmailCode.Hash"/>).</summary>
    private static string PurposeSalt(EmailLoginCode row) => $"backup-email-login:{row.UserId}:{row.Id}";
}
