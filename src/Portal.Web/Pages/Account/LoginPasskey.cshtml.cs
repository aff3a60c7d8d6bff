using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Account;

/// <summary>
/// /login/passkey: the passkey buttons of /login ("Log in with a passkey", and the e-mail field's
/// autofill) and of /login/2fa ("Use a passkey instead", <see cref="Pending"/>) post here. The
/// options come as JSON for the script; the answer is an ordinary form POST.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class LoginPasskeyModel(PasskeyLogin passkeys, TwoFactorLogin twoFactor, UserWorkspaces workspaces, TimeProvider clock)
    : PortalPageModel
{
    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public bool Pending { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/login");

    public async Task<IActionResult> OnPostOptionsAsync()
    {
        PendingLogin? pending = null;
        if (Pending && (pending = await twoFactor.PendingAsync()) is null)
        {
            return NotFound();
        }

        var start = await passkeys.BeginAsync(pending?.User);
        return Content($$"""{"token":"{{start.Token}}","options":{{start.OptionsJson}}}""", "application/json");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var pending = Pending ? await twoFactor.PendingAsync() : null;
        if (Pending && pending is null)
        {
            SetStatus("More than 5 minutes passed since you entered your password. For your security, log in again.");
            return Back();
        }

        var result = string.IsNullOrEmpty(Credential)
            ? new PasskeySignInResult(PasskeySignInStatus.Failed)
            : await passkeys.FinishAsync(Token, Credential, pending?.RememberMe ?? false, pending?.User.Id);
        switch (result.Status)
        {
            case PasskeySignInStatus.Succeeded:
                return (await workspaces.MfaPolicyAsync(result.User!.Id)).BlocksEverywhere(clock.GetUtcNow())
                    ? Redirect(TenantPageFilter.EnrolmentRequiredPath(null))
                    : LocalRedirect(SafeRedirect.Local(Url, ReturnUrl));
            case PasskeySignInStatus.CounterRegressed:
                SetStatus("This passkey was refused: it may have been copied. We sent you an e-mail. Log in with your password or another passkey.");
                return Back();
            case PasskeySignInStatus.LockedOut:
                SetStatus("The account is locked for a while after too many attempts. Try again later.");
                return Back();
            default:
                SetStatus("That passkey did not log you in. Try again, or log in with your password.");
                return Back();
        }
    }

    private RedirectResult Back() => Redirect((Pending ? "/login/2fa" : "/login") + "?returnUrl=" + Uri.EscapeDataString(SafeRedirect.Local(Url, ReturnUrl)));
}
