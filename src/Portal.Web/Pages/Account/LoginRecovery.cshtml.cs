using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account;

/// <summary>/login/recovery: the second factor when the phone is lost — a backup code, or a code sent to the backup e-mail.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class LoginRecoveryModel(TwoFactorLogin login, BackupCodeService backupCodes, Mailer mail) : PortalPageModel
{
    /// <summary>Read by the layout: after a backup-code sign-in it asks the person to add a new authenticator.</summary>
    public const string SecurityPromptKey = "SecurityPrompt";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public CodeInput BackupCode { get; private set; } = new();

    public CodeInput EmailCode { get; private set; } = new();

    /// <summary>The verified backup e-mail, masked; null when the person has none.</summary>
    public string? BackupEmail { get; private set; }

    [TempData]
    public bool EmailCodeSent { get; set; }

    public bool LockedOut { get; private set; }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Enter the code.")]
        [Display(Name = "Code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() => await PendingAsync() is null ? Expired() : Page();

    public async Task<IActionResult> OnPostBackupCodeAsync(CodeInput backupCode)
    {
        if (await PendingAsync() is not { } pending)
        {
            return Expired();
        }

        BackupCode = backupCode;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var status = await login.WithBackupCodeAsync(pending, backupCode.Code);
        if (status == SecondFactorStatus.Succeeded)
        {
            var left = await backupCodes.RemainingAsync(pending.User.Id);
            mail.Send(pending.User, new SignedInWithBackupCodeEmail(pending.User.Email!, left));
            TempData[SecurityPromptKey] = L["You logged in with a backup code. Backup codes left: {0}. If you lost your phone, add a new authenticator app now and remove the old one.", left].Value;
            return LocalRedirect(SafeRedirect.Local(Url, ReturnUrl));
        }

        return Refused(status, "BackupCode.Code", L["This backup code is not correct or was already used."]);
    }

    public async Task<IActionResult> OnPostSendEmailCodeAsync()
    {
        if (await PendingAsync() is not { } pending)
        {
            return Expired();
        }

        var result = await login.SendEmailCodeAsync(pending);
        if (result is { Issue: EmailCodeIssue.Sent, Code: { } code, Address: { } address })
        {
            mail.Send(address, pending.User.PreferredLanguage, Mailer.GreetingName(pending.User), new BackupEmailLoginCodeEmail(code), pending.User.TimeZone);
            SetStatus("We sent a code to {0}. It works once and expires in 10 minutes.", BackupEmailService.Mask(address));
        }
        else if (result.Issue == EmailCodeIssue.TooSoon)
        {
            SetStatus("We sent a code less than a minute ago. Check your inbox and spam folder, or ask for a new code in a minute.");
        }

        EmailCodeSent = result.Issue != EmailCodeIssue.NoBackupEmail;
        return RedirectToPage(new { ReturnUrl });
    }

    public async Task<IActionResult> OnPostEmailCodeAsync(CodeInput emailCode)
    {
        if (await PendingAsync() is not { } pending)
        {
            return Expired();
        }

        EmailCode = emailCode;
        EmailCodeSent = true;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var status = await login.WithEmailCodeAsync(pending, emailCode.Code);
        if (status == SecondFactorStatus.Succeeded)
        {
            mail.Send(pending.User, new SignedInWithBackupEmailEmail(pending.User.Email!));
            return LocalRedirect(SafeRedirect.Local(Url, ReturnUrl));
        }

        return Refused(status, "EmailCode.Code", L["This code is not correct or has expired. Ask for a new code if needed."]);
    }

    private async Task<PendingLogin?> PendingAsync()
    {
        var pending = await login.PendingAsync();
        BackupEmail = pending?.User is { BackupEmail: { } address, BackupEmailVerifiedAt: not null } ? BackupEmailService.Mask(address) : null;
        return pending;
    }

    private PageResult Refused(SecondFactorStatus status, string field, string message)
    {
        if (status == SecondFactorStatus.LockedOut)
        {
            LockedOut = true;
            AddError("Too many wrong attempts. For your security, the account is locked for 15 minutes.");
        }
        else
        {
            ModelState.Remove(field);
            ModelState.AddModelError(field, message);
        }

        BackupCode.Code = "";
        EmailCode.Code = "";
        return Page();
    }

    private RedirectResult Expired()
    {
        SetStatus("More than 5 minutes passed since you entered your password. For your security, log in again.");
        return Redirect("/login?returnUrl=" + Uri.EscapeDataString(SafeRedirect.Local(Url, ReturnUrl)));
    }
}
