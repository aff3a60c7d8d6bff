using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Legacy;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Support;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class LoginModel(
    PasswordLogin login,
    LegacyLogin legacyLogin,
    LegacyLoginTicket ticket,
    UserManager<PortalUser> users,
    UserWorkspaces workspaces,
    RecoveryCompletion recoveries,
    TimeProvider clock) : PortalPageModel
{
    private long _started;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        // An e-mail address, or an old per-environment username (no '@') on its way to an e-mail login.
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [StringLength(256, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Remember me for 14 days")]
        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        _started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (LegacyLogin.IsLegacyUsername(Input.Email))
        {
            return await LegacyAsync();
        }

        var status = await login.LoginAsync(Input.Email, Input.Password, Input.RememberMe);
        // A support recovery whose cooling-off is over is applied now rather than at the worker's next
        // minute; the reset removed the second factors, so the password alone then signs in.
        if (status == LoginStatus.RequiresTwoFactor && await recoveries.ApplyDueForEmailAsync(Input.Email) > 0)
        {
            status = await login.LoginAsync(Input.Email, Input.Password, Input.RememberMe);
        }

        if (status == LoginStatus.Succeeded)
        {
            // Every organisation of the person requires 2FA they do not have: enrolment comes first.
            if (await users.FindByEmailAsync(Input.Email.Trim()) is { } user
                && (await workspaces.MfaPolicyAsync(user.Id)).BlocksEverywhere(clock.GetUtcNow()))
            {
                return Redirect(TenantPageFilter.EnrolmentRequiredPath(null));
            }

            return LocalRedirect(SafeRedirect.Local(Url, ReturnUrl));
        }

        if (status == LoginStatus.RequiresTwoFactor)
        {
            // The person is known once the password is right: the 2FA step is already in their language.
            if (await users.FindByEmailAsync(Input.Email.Trim()) is { } pending)
            {
                await LanguageChoice.ApplyAtSignInAsync(HttpContext, pending);
            }

            // "Remember me" travels in the pending-login cookie, not in the URL.
            return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl = SafeRedirect.Local(Url, ReturnUrl) });
        }

        return await FailedAsync();
    }

    private async Task<IActionResult> LegacyAsync()
    {
        var result = await legacyLogin.LoginAsync(Input.Email, Input.Password);
        switch (result.Outcome)
        {
            case LegacyLoginOutcome.Verified:
                ticket.Issue(Response, result.Account!.Id);
                return Redirect("/login/legacy");
            case LegacyLoginOutcome.Replaced:
                // The same floor as a failure: the answer time does not single out retired usernames.
                await ResponseFloor.WaitAsync(_started, ResponseFloor.FailedLogin);
                AddError("This username was replaced by your e-mail login on {0}. Log in with your e-mail.",
                    result.Account!.MigratedAt!.Value.ToString("d", System.Globalization.CultureInfo.CurrentCulture));
                Input.Password = "";
                return Page();
            default:
                return await FailedAsync();
        }
    }

    private async Task<IActionResult> FailedAsync()
    {
        await ResponseFloor.WaitAsync(_started, ResponseFloor.FailedLogin);
        // One message for a wrong e-mail, a wrong password and a locked account, so the answer
        // never tells whether an account exists (OWASP ASVS 5.0 V6.3.8).
        AddError(
            "The e-mail or password is incorrect, or the account is locked for a while after too many attempts. Try again, or reset your password.");
        Input.Password = "";
        return Page();
    }
}
