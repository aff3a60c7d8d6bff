using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account;

public sealed class LoginModel(PasswordLogin login) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
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

        var status = await login.LoginAsync(Input.Email, Input.Password, Input.RememberMe);
        if (status == LoginStatus.Succeeded)
        {
            return LocalRedirect(SafeRedirect.Local(Url, ReturnUrl));
        }

        if (status == LoginStatus.RequiresTwoFactor)
        {
            // "Remember me" travels in the pending-login cookie, not in the URL.
            return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl = SafeRedirect.Local(Url, ReturnUrl) });
        }

        // One message for a wrong e-mail, a wrong password and a locked account, so the answer
        // never tells whether an account exists (OWASP ASVS 5.0 V6.3.8).
        AddError(
            "The e-mail or password is incorrect, or the account is locked for a while after too many attempts. Try again, or reset your password.");
        Input.Password = "";
        return Page();
    }
}
