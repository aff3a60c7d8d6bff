using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>Adds, changes (verified by a link) or removes the backup e-mail; password required for each.</summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class BackupEmailModel(
    UserManager<PortalUser> users,
    BackupEmailService backupEmail,
    Mailer mail) : PortalPageModel
{
    public ChangeInput Change { get; private set; } = new();

    public ConfirmPasswordInput Remove { get; private set; } = new();

    public string? Current { get; private set; }

    public bool Verified { get; private set; }

    public sealed class ChangeInput : ConfirmPasswordInput
    {
        [Required(ErrorMessage = "Enter an e-mail address.")]
        [ValidEmail]
        [StringLength(256, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Backup e-mail")]
        public string Email { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostChangeAsync(ChangeInput change)
    {
        Change = change;
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        if (!ModelState.IsValid || await ReauthenticateAsync(user, change.Password, "Change.Password") is not { } proof)
        {
            return Page();
        }

        var result = await backupEmail.SetAsync(user, proof, change.Email, PortalSignInManager.SessionId(User));
        if (result.Problem == BackupEmailProblem.InvalidAddress)
        {
            ModelState.AddModelError("Change.Email", L["Enter a valid e-mail address."]);
            return Page();
        }

        if (result.Problem == BackupEmailProblem.SameAsLogin)
        {
            ModelState.AddModelError("Change.Email", L["Use an address other than the one you log in with: the backup e-mail helps when you cannot use that one."]);
            return Page();
        }

        mail.Send(user.BackupEmail!, user.PreferredLanguage, Mailer.GreetingName(user), new BackupEmailVerificationEmail(user.Email!, VerifyPath(user, result.VerificationToken!)), user.TimeZone);

        SetStatus("We sent a link to {0}. Click it within 24 hours to confirm the backup e-mail.", user.BackupEmail!);
        return RedirectToPage("Security");
    }

    public async Task<IActionResult> OnPostResendAsync()
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        if (backupEmail.VerificationToken(user) is { } token)
        {
            mail.Send(user.BackupEmail!, user.PreferredLanguage, Mailer.GreetingName(user), new BackupEmailVerificationEmail(user.Email!, VerifyPath(user, token)), user.TimeZone);
            SetStatus("We sent a link to {0}. Click it within 24 hours to confirm the backup e-mail.", user.BackupEmail!);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(ConfirmPasswordInput remove)
    {
        Remove = remove;
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        if (!ModelState.IsValid || await ReauthenticateAsync(user, remove.Password, "Remove.Password") is not { } proof)
        {
            return Page();
        }

        await backupEmail.RemoveAsync(user, proof, PortalSignInManager.SessionId(User));

        SetStatus("The backup e-mail was removed. Your other sessions were logged out.");
        return RedirectToPage("Security");
    }

    private async Task<PortalUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        Current = user?.BackupEmail;
        Verified = user?.BackupEmailVerifiedAt is not null;
        return user;
    }

    private static string VerifyPath(PortalUser user, string token) =>
        $"/verify-backup-email?user={user.Id}&token={Uri.EscapeDataString(token)}";
}
