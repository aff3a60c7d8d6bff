using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Account;

/// <summary>The login form: <see cref="PasswordLogin"/> decides what comes next; the page renders it and redirects.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class LoginModel(PasswordLogin login, LegacyLoginTicket ticket) : PortalPageModel
{
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

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await login.LoginAsync(Input.Email, Input.Password, Input.RememberMe);
        switch (result.Next)
        {
            case LoginNext.SignedIn:
                return LocalRedirect(SafeRedirect.Local(Url, ReturnUrl));
            case LoginNext.EnrolFirst:
                return Redirect(TenantPageFilter.EnrolmentRequiredPath(null));
            case LoginNext.SecondFactor:
                // The person is known once the password is right: the 2FA step is already in their language.
                await LanguageChoice.ApplyAtSignInAsync(HttpContext, result.User!);
                // "Remember me" travels in the pending-login cookie, not in the URL.
                return RedirectToPage("/Account/TwoFactorLogin", new { ReturnUrl = SafeRedirect.Local(Url, ReturnUrl) });
            case LoginNext.LegacyMigration:
                ticket.Issue(Response, result.Legacy!.Id);
                return Redirect("/login/legacy");
            case LoginNext.LegacyReplaced:
                // The same floor as a failure: the answer time does not single out retired usernames.
                await ResponseFloor.WaitAsync(started, ResponseFloor.FailedLogin);
                AddError("This username was replaced by your e-mail login on {0}. Log in with your e-mail.",
                    Time.Date(result.Legacy!.MigratedAt!.Value));
                Input.Password = "";
                return Page();
            default:
                return await FailedAsync(started);
        }
    }

    private async Task<IActionResult> FailedAsync(long started)
    {
        await ResponseFloor.WaitAsync(started, ResponseFloor.FailedLogin);
        // One message for a wrong e-mail, a wrong password and a locked account, so the answer
        // never tells whether an account exists (OWASP ASVS 5.0 V6.3.8).
        AddError(
            "The e-mail or password is incorrect, or the account is locked for a while after too many attempts. Try again, or reset your password.");
        Input.Password = "";
        return Page();
    }
}
