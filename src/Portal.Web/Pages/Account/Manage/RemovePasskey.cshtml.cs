using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// Removes one of the person's own passkeys after the password is typed again (OWASP ASVS 5.0
/// V7.5.1); the person is e-mailed and the removal audited. Anyone else's id is a 404.
/// </summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class RemovePasskeyModel(UserManager<PortalUser> users, PasskeyService passkeys) : PortalPageModel
{
    [BindProperty]
    public ConfirmPasswordInput Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await users.GetUserAsync(User) is not { } user || await passkeys.FindAsync(user, id) is not { } passkey)
        {
            return NotFound();
        }

        Name = passkey.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await users.GetUserAsync(User) is not { } user || await passkeys.FindAsync(user, id) is not { } passkey)
        {
            return NotFound();
        }

        Name = passkey.Name;
        if (!ModelState.IsValid || await ReauthenticateAsync(user, Input.Password) is not { } proof)
        {
            return Page();
        }

        var removed = await passkeys.RemoveAsync(user, proof, id, PortalSignInManager.SessionId(User));
        if (removed is null)
        {
            return NotFound();
        }

        if (!removed.Removed)
        {
            AddError("You cannot remove this passkey: {0} requires it. Add another passkey first.", string.Join(", ", removed.RequiredBy));
            return Page();
        }

        if (removed.TwoFactorTurnedOff)
        {
            SetStatus("The passkey \"{0}\" was removed. It was your last second factor, so two-factor authentication is now off.", passkey.Name);
        }
        else
        {
            SetStatus("The passkey \"{0}\" was removed.", passkey.Name);
        }
        return RedirectToPage("Security");
    }
}
