using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>"Manage 2FA": the person's own security settings.</summary>
public sealed class SecurityModel(UserManager<PortalUser> users, PasswordChange passwords, PortalEmails emails) : PortalPageModel
{
    [BindProperty]
    public ChangePasswordInput Password { get; set; } = new();

    public sealed class ChangePasswordInput : NewPasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await passwords.ChangeAsync(user, Password.CurrentPassword, Password.NewPassword, PortalSignInManager.SessionId(User));
        if (!result.Succeeded)
        {
            var wrongCurrent = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            if (wrongCurrent)
            {
                ModelState.AddModelError("Password.CurrentPassword", L["The current password is not correct."]);
            }
            else
            {
                AddErrors(result, "Password.NewPassword");
            }

            return Page();
        }

        emails.PasswordChanged(user);
        SetStatus("Your password was changed. Your other sessions were signed out.");
        return RedirectToPage();
    }
}
