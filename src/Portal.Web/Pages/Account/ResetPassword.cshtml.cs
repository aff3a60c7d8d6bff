using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class ResetPasswordModel(UserManager<PortalUser> users, PasswordChange passwords, Mailer mail) : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserIdInLink { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public bool LinkInvalid { get; private set; }


    public void OnGet() => LinkInvalid = string.IsNullOrEmpty(Token) || UserIdInLink == Guid.Empty;

    public async Task<IActionResult> OnPostAsync()
    {
        var user = UserIdInLink == Guid.Empty ? null : await users.FindByIdAsync(UserIdInLink.ToString());
        var token = DecodeToken(Token);
        if (user is null || token is null)
        {
            LinkInvalid = true;
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await passwords.ResetAsync(user, token, Input.NewPassword);
        if (PasswordChange.IsInvalidToken(result))
        {
            LinkInvalid = true;
            return Page();
        }

        if (!result.Succeeded)
        {
            AddErrors(result, "Input.NewPassword");
            return Page();
        }

        mail.Send(user, new PasswordChangedEmail(user.Email!));
        SetStatus("Your password was changed. Log in with the new password.");
        return Redirect("/login");
    }

    private static string? DecodeToken(string? token)
    {
        try
        {
            return string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
