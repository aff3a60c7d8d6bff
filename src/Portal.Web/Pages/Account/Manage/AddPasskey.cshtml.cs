using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// /account/security/passkeys/add: the person names the passkey (a name from the browser and system
/// is suggested), the browser's own dialog creates it (wwwroot/js/passkeys.js), and the answer comes
/// back as a form POST, verified by Identity with the challenge kept server side.
/// </summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class AddPasskeyModel(UserManager<PortalUser> users, PasskeyService passkeys) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool AtLimit { get; private set; }

    /// <summary>Where to go once the passkey is added: the office that asked for one (enforced MFA), else the security page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Give the passkey a name, for example \"Work laptop\" or \"My phone\".")]
        [StringLength(PasskeyService.MaxNameLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Name")]
        [SingleLine]
        public string Name { get; set; } = "";

        public string? Credential { get; set; }

        public string? Token { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        AtLimit = await passkeys.CountAsync(UserId) >= PasskeyService.MaxPerPerson;
        Input.Name = UserAgentSummary.Describe(Request.Headers.UserAgent.ToString());
        return Page();
    }

    public async Task<IActionResult> OnPostOptionsAsync()
    {
        if (await users.GetUserAsync(User) is not { } user || await passkeys.BeginRegistrationAsync(user) is not { } start)
        {
            return NotFound();
        }

        return Content($$"""{"token":"{{start.Token}}","options":{{start.OptionsJson}}}""", "application/json");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (string.IsNullOrEmpty(Input.Credential))
        {
            AddError("Your browser did not create a passkey. Try again.");
            return Page();
        }

        switch (await passkeys.FinishRegistrationAsync(user, Input.Token, Input.Credential, Input.Name, PortalSignInManager.SessionId(User)))
        {
            case PasskeyAddStatus.Added:
                SetStatus("The passkey \"{0}\" was added. Next time, log in with it: no password or code needed.", Input.Name.Trim());
                return SafeRedirect.LocalOrNull(Url, ReturnUrl) is { } back ? LocalRedirect(back) : RedirectToPage("Security");
            case PasskeyAddStatus.TooMany:
                AtLimit = true;
                return Page();
            case PasskeyAddStatus.Expired:
                AddError("This took more than 5 minutes. Try again.");
                return Page();
            default:
                AddError("This passkey could not be added. It may already be registered, or your device did not check your fingerprint, face or PIN. Try again.");
                return Page();
        }
    }
}
