using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class ForgotPasswordModel(UserManager<PortalUser> users, Mailer mail, AuditLog audit) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [ValidEmail]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";
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
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var encoded = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token));
            mail.Send(user, new PasswordResetEmail($"/reset-password?user={user.Id}&token={encoded}"));
            await audit.WriteAsync(AuditEventTypes.PasswordResetRequested, user);
        }

        // The same answer whether or not the address has an account (OWASP ASVS 5.0 V6.3.8),
        // at the same time: the e-mail leaves through a queue, and the answer waits for a floor.
        await ResponseFloor.WaitAsync(started, ResponseFloor.ForgotPassword);
        Sent = true;
        return Page();
    }
}
