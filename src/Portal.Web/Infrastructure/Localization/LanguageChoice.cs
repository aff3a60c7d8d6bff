using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// Which language a person reads, in one place. An explicit choice with the picker wins and is
/// stored on the account (before signing in it waits in a browser-session cookie until the
/// password is right); the account's stored language follows the person to any browser; the
/// browser's Accept-Language is only the first default, stored at the first sign-in.
/// </summary>
public static class LanguageChoice
{
    /// <summary>A language picked before signing in, not yet stored on an account.</summary>
    public const string PickedCookieName = PortalCookies.LanguagePicked;

    private const string AppliedItem = "Portal.LanguageApplied";

    /// <summary>The picker: the language for this browser now, and for the account (now if signed in, else at sign-in).</summary>
    public static async Task PickAsync(HttpContext context, UserManager<PortalUser> users, string language)
    {
        LocalizationSetup.WriteCultureCookie(context.Response, language);
        if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
        {
            await StoreAsync(context, user, language);
            return;
        }

        PortalCookies.Append(context.Response, PickedCookieName, language, SameSiteMode.Lax);
    }

    /// <summary>
    /// Once the person is known (correct password, or any other sign-in): a language picked on the
    /// way in is stored on the account; otherwise the account's language is applied to this browser
    /// (and to the rest of this request); an account without one takes the browser's.
    /// </summary>
    public static async Task ApplyAtSignInAsync(HttpContext context, PortalUser user)
    {
        if (context.Items.ContainsKey(AppliedItem))
        {
            return;
        }

        context.Items[AppliedItem] = true;
        var picked = PortalCookies.Read(context.Request, PickedCookieName);
        string language;
        if (LocalizationSetup.IsSupported(picked))
        {
            language = picked!.ToLowerInvariant();
            PortalCookies.Delete(context.Response, PickedCookieName, SameSiteMode.Lax);
            await StoreAsync(context, user, language);
        }
        else if (LocalizationSetup.IsSupported(user.PreferredLanguage))
        {
            language = user.PreferredLanguage!;
        }
        else
        {
            language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            await StoreAsync(context, user, language);
        }

        // Only when this browser would otherwise show another language (no needless cookie).
        if (language != CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
        {
            LocalizationSetup.WriteCultureCookie(context.Response, language);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        }
    }

    private static Task StoreAsync(HttpContext context, PortalUser user, string language) =>
        context.RequestServices.GetRequiredService<PreferredLanguage>().SetAsync(user, language);
}
