using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account;

/// <summary>/login/2fa: the code from the authenticator app, after a correct password.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class TwoFactorLoginModel(TwoFactorLogin login, SecondFactors factors) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool LockedOut { get; private set; }

    /// <summary>The account whose password was just given, so the person sees who is signing in.</summary>
    public string Account { get; private set; } = "";

    /// <summary>False for someone whose only second factor is a passkey: the step is the passkey, there is no code to type.</summary>
    public bool HasAuthenticatorApp { get; private set; } = true;

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [Display(Name = "Code from your authenticator app")]
        public string Code { get; set; } = "";

        [Display(Name = "Remember this device for 30 days")]
        public bool RememberDevice { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await login.PendingAsync() is not { } pending)
        {
            return Expired();
        }

        Account = pending.User.Email ?? "";
        HasAuthenticatorApp = await factors.HasAuthenticatorAppAsync(pending.User.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await login.PendingAsync(forCode: true) is not { } pending)
        {
            return Expired();
        }

        Account = pending.User.Email ?? "";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        switch (await login.WithAuthenticatorAsync(pending, Input.Code, Input.RememberDevice))
        {
            case SecondFactorStatus.Succeeded:
                return LocalRedirect(SafeRedirect.Local(Url, ReturnUrl));
            case SecondFactorStatus.LockedOut:
                LockedOut = true;
                AddError("Too many wrong attempts. For your security, the account is locked for 15 minutes.");
                return Page();
            case var status:
                // An empty field for the next code; the wrong one is of no use.
                ModelState.Remove("Input.Code");
                Input.Code = "";
                ModelState.AddModelError("Input.Code", status == SecondFactorStatus.Replayed
                    ? L["This code was already used. Wait for the next code in your authenticator app and enter that one."]
                    : L["This code is not correct. Enter the newest code from your authenticator app."]);
                return Page();
        }
    }

    private RedirectResult Expired()
    {
        SetStatus("More than 5 minutes passed since you entered your password. For your security, log in again.");
        return Redirect("/login?returnUrl=" + Uri.EscapeDataString(SafeRedirect.Local(Url, ReturnUrl)));
    }
}
