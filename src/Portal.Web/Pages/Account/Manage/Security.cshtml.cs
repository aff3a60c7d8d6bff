using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// "Security" (the user menu's entry of the same name): an overview of the person's authenticators, passkeys, backup codes and backup e-mail (each
/// changed on a page of its own under /account/security/…), and the password change.
/// </summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class SecurityModel(
    UserManager<PortalUser> users,
    PasswordChange passwords,
    SecurityOverview overview) : PortalPageModel
{
    [BindProperty]
    public ChangePasswordInput Password { get; set; } = new();

    public IReadOnlyList<AuthenticatorSummary> Authenticators { get; private set; } = [];

    public bool TwoFactorOn => Authenticators.Count > 0;

    public IReadOnlyList<PasskeySummary> Passkeys { get; private set; } = [];

    public int BackupCodesLeft { get; private set; }

    public string? BackupEmail { get; private set; }

    public bool BackupEmailVerified { get; private set; }

    public string TimeZone { get; private set; } = PortalUser.DefaultTimeZone;

    public sealed class ChangePasswordInput : NewPasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }

    /// <summary>One query for the page (and one for the top bar): nothing here needs the tracked user.</summary>
    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Challenge();

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var result = await passwords.ChangeAsync(user, Password.CurrentPassword, Password.NewPassword, PortalSignInManager.SessionId(User));
        if (!result.Succeeded)
        {
            var wrongCurrent = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            if (wrongCurrent)
            {
                ModelState.AddModelError("Password.CurrentPassword", L["The current password is not correct."]);
            }
            else
            {
                AddErrors(result, "Password.NewPassword");
            }

            await LoadAsync();
            return Page();
        }

        SetStatus("Your password was changed. Your other sessions were logged out.");
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync()
    {
        if (await overview.ForUserAsync(UserId) is not { } summary)
        {
            return false;
        }

        Authenticators = summary.Authenticators;
        Passkeys = summary.Passkeys;
        BackupCodesLeft = summary.BackupCodesLeft;
        BackupEmail = summary.BackupEmail;
        BackupEmailVerified = summary.BackupEmailVerified;
        TimeZone = summary.TimeZone;
        return true;
    }
}
