using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account;

/// <summary>
/// Picks the UI language (top bar, and the login page before signing in). Signed in, the choice
/// is stored on the account, so e-mails follow it too.
/// </summary>
public sealed class LanguageModel(UserManager<PortalUser> users) : PortalPageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl)
    {
        if (LocalizationSetup.IsSupported(language))
        {
            LocalizationSetup.WriteCultureCookie(Response, language!);
            if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
            {
                user.PreferredLanguage = language;
                await users.UpdateAsync(user);
            }
        }

        return LocalRedirect(SafeRedirect.Local(Url, returnUrl));
    }
}
