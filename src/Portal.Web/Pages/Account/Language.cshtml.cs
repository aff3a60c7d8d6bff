using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account;

/// <summary>
/// Picks the UI language (top bar, and the login page before signing in). The choice is stored on
/// the account (at once, or at sign-in), so every page, every browser and the e-mails follow it.
/// </summary>
[AllowAnonymous]
public sealed class LanguageModel(UserManager<PortalUser> users) : PortalPageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl)
    {
        if (LocalizationSetup.IsSupported(language))
        {
            await LanguageChoice.PickAsync(HttpContext, users, language!.ToLowerInvariant());
        }

        return LocalRedirect(SafeRedirect.Local(Url, returnUrl));
    }
}
