using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Core.Legacy;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account.Legacy;

/// <summary>"Create your new login": reached only with a fresh legacy login ticket (the old password was right).</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class StartModel(
    LegacyLoginTicket ticket, PortalDbContext db, LegacyMigrationService migrations, Mailer mail) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public LegacyAccount Account { get; private set; } = null!;

    public bool Sent { get; private set; }

    public sealed class InputModel : NewPasswordInput
    {
        [Required(ErrorMessage = "Enter your professional e-mail address.")]
        [ValidEmail]
        [StringLength(256, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Professional e-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Your name")]
        [SingleLine]
        public string DisplayName { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Redirect("/login");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Redirect("/login");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (token, problem) = await migrations.StartAsync(Account, Input.Email, Input.DisplayName, Input.NewPassword);
        if (token is null)
        {
            AddErrors(Microsoft.AspNetCore.Identity.IdentityResult.Failed(PortalPasswordValidator.ToError(problem)), "Input.NewPassword");
            return Page();
        }

        mail.Send(Input.Email.Trim(), CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, Input.DisplayName.Trim(),
            new LegacyConfirmationEmail(Account.Username, $"/login/legacy/confirm/{token}"));
        LegacyLoginTicket.Clear(Response);
        Sent = true;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var id = ticket.Read(Request);
        var account = id is null ? null : await db.LegacyAccounts.AsNoTracking()
            .Include(a => a.Organisation).Include(a => a.Environment)
            .SingleOrDefaultAsync(a => a.Id == id && a.Status == LegacyAccountStatus.Pending);
        Account = account!;
        return account is not null;
    }
}
