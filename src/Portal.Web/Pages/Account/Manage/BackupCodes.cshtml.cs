using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>How many backup codes are left, and a new set (password required: it voids the old one).</summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class BackupCodesModel(
    UserManager<PortalUser> users,
    BackupCodeService backupCodes,
    SecondFactors secondFactors) : PortalPageModel
{
    [BindProperty]
    public ConfirmPasswordInput Input { get; set; } = new();

    public int Left { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        return await LoadAsync(user) ? Page() : RedirectToPage("Security");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await LoadAsync(user))
        {
            return RedirectToPage("Security");
        }

        if (!ModelState.IsValid || await ReauthenticateAsync(user, Input.Password) is not { } proof)
        {
            return Page();
        }

        var codes = await backupCodes.RegenerateAsync(user, proof, PortalSignInManager.SessionId(User));
        ShowBackupCodesModel.Keep(TempData, codes);
        SetStatus("New backup codes were created. The previous ones no longer work.");
        return RedirectToPage("ShowBackupCodes");
    }

    /// <summary>False when two-factor authentication is off: there are no backup codes to manage.</summary>
    private async Task<bool> LoadAsync(PortalUser user)
    {
        Left = await backupCodes.RemainingAsync(user.Id);
        return await secondFactors.HasAnyAsync(user.Id);
    }
}
