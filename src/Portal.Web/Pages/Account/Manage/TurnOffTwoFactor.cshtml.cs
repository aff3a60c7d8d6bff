using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>Turns two-factor authentication off entirely: password required, every second factor removed.</summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class TurnOffTwoFactorModel(
    UserManager<PortalUser> users,
    TwoFactorRemoval twoFactor,
    UserWorkspaces workspaces) : PortalPageModel
{
    /// <summary>The organisations that require 2FA of the person: while there is one, 2FA stays on.</summary>
    public IReadOnlyList<string> RequiredBy { get; private set; } = [];

    [BindProperty]
    public ConfirmPasswordInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        var policy = await workspaces.MfaPolicyAsync(UserId);
        if (!policy.Factors.Any)
        {
            return RedirectToPage("Security");
        }

        RequiredBy = policy.RefusingTurnOff;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!(await workspaces.MfaPolicyAsync(user.Id)).Factors.Any)
        {
            return RedirectToPage("Security");
        }

        if (!ModelState.IsValid || await ReauthenticateAsync(user, Input.Password) is not { } proof)
        {
            return Page();
        }

        var result = await twoFactor.TurnOffAsync(user, proof, PortalSignInManager.SessionId(User));
        if (!result.Done)
        {
            RequiredBy = result.RequiredBy;
            AddError("You cannot turn off two-factor authentication: {0} requires it.", string.Join(", ", RequiredBy));
            return Page();
        }

        SetStatus("Two-factor authentication is off. Your other sessions were logged out.");
        return RedirectToPage("Security");
    }
}
