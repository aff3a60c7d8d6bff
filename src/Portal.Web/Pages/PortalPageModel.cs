using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Pages;

/// <summary>The few helpers every page model shares: translated messages and the signed-in user's id.</summary>
public abstract class PortalPageModel : PageModel
{
    private IStringLocalizer? _localizer;

    protected IStringLocalizer L =>
        _localizer ??= HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    /// <summary>Dates and times in the viewer's zone and language (the one formatter; views have it as <c>Time</c>).</summary>
    protected ViewerTime Time => HttpContext.RequestServices.GetRequiredService<ViewerTime>();

    protected Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    /// <summary>A form-level error, translated.</summary>
    protected void AddError(string message, params object[] arguments) =>
        ModelState.AddModelError(string.Empty, L[message, arguments]);

    /// <summary>Identity's errors (the password policy's reasons among them), translated, on a field.</summary>
    protected void AddErrors(Microsoft.AspNetCore.Identity.IdentityResult result, string field)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(field, IdentityErrorText.For(L, error));
        }
    }

    /// <summary>
    /// The person's password again before a security change (OWASP ASVS 5.0 V7.5.1): the proof the
    /// Core command requires, or null with the error on <paramref name="field"/> (a wrong password
    /// counts towards the lockout).
    /// </summary>
    protected async Task<ReauthenticationProof?> ReauthenticateAsync(PortalUser user, string? password, string field = "Input.Password")
    {
        if (await HttpContext.RequestServices.GetRequiredService<Reauthentication>().WithPasswordAsync(user, password) is { } proof)
        {
            return proof;
        }

        ModelState.AddModelError(field, L["The password is not correct, or the account is locked for a while after too many attempts."]);
        return null;
    }

    /// <summary>The message shown on the page after the redirect that follows a successful POST.</summary>
    protected void SetStatus(string message, params object[] arguments) =>
        TempData["StatusMessage"] = L[message, arguments].Value;

    /// <summary>For pages with several forms: only the posted form's fields (those under <paramref name="prefix"/>) count.</summary>
    protected void ValidateOnly(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }
}
