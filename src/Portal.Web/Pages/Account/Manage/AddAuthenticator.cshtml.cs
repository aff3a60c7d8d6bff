using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// Adds an authenticator app: scan the QR code (or type the key), then confirm with a current code.
/// The new secret travels only encrypted in the form (see <see cref="AuthenticatorService.BeginEnrolment"/>).
/// </summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class AddAuthenticatorModel(
    UserManager<PortalUser> users,
    AuthenticatorService authenticators) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Where to continue once the app is added (enforced MFA sends people back to their organisation); local only.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public PendingEnrolment Enrolment { get; private set; } = null!;

    public string QrCode => QrCodes.SvgDataUri(Enrolment.OtpAuthUri);

    /// <summary>The first authenticator turns two-factor authentication on.</summary>
    public bool First { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Give the app a name, for example \"iPhone\" or \"Office phone\".")]
        [StringLength(Authenticator.MaxNameLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Name")]
        [SingleLine]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [Display(Name = "Code from your authenticator app")]
        public string Code { get; set; } = "";

        public string? State { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        First = !await authenticators.HasAnyAsync(user.Id);
        Restart(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        First = !await authenticators.HasAnyAsync(user.Id);
        if (authenticators.ResumeEnrolment(user, Input.State) is not { } enrolment)
        {
            return Expired(user);
        }

        Enrolment = enrolment;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await authenticators.ConfirmEnrolmentAsync(user, Input.State, Input.Name, Input.Code, PortalSignInManager.SessionId(User));
        switch (result.Status)
        {
            case EnrolmentStatus.Expired:
                return Expired(user);
            case EnrolmentStatus.WrongCode:
                ModelState.Remove("Input.Code");
                Input.Code = "";
                ModelState.AddModelError("Input.Code", L["This code is not correct. Check that your phone sets its time automatically, then enter the newest code."]);
                return Page();
        }

        if (result.NewBackupCodes is { } codes)
        {
            ShowBackupCodesModel.Keep(TempData, codes);
            SetStatus("Two-factor authentication is on. Save your backup codes now: they are shown only once.");
            return RedirectToPage("ShowBackupCodes", new { returnUrl = SafeRedirect.LocalOrNull(Url, ReturnUrl) });
        }

        SetStatus("The authenticator app \"{0}\" was added. Your other sessions were logged out.", Input.Name.Trim());
        return SafeRedirect.LocalOrNull(Url, ReturnUrl) is { } back ? LocalRedirect(back) : RedirectToPage("Security");
    }

    private PageResult Expired(PortalUser user)
    {
        AddError("This set-up expired after 10 minutes. Scan the new QR code, then enter a code.");
        Restart(user);
        return Page();
    }

    private void Restart(PortalUser user)
    {
        Enrolment = authenticators.BeginEnrolment(user);
        ModelState.Remove("Input.State");
        ModelState.Remove("Input.Code");
        Input.State = Enrolment.State;
        Input.Code = "";
    }
}
