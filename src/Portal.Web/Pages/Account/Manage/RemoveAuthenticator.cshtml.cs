using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>Removes one of the person's own authenticator apps, password required; the last one turns 2FA off.</summary>
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class RemoveAuthenticatorModel(
    UserManager<PortalUser> users,
    AuthenticatorService authenticators,
    UserWorkspaces workspaces) : PortalPageModel
{
    /// <summary>The organisations that require 2FA of the person: while there is one, 2FA stays on.</summary>
    public IReadOnlyList<string> RequiredBy { get; private set; } = [];

    [BindProperty]
    public ConfirmPasswordInput Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public bool IsLast { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(UserId, id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await LoadAsync(user.Id, id))
        {
            return NotFound();
        }

        if (!ModelState.IsValid || await ReauthenticateAsync(user, Input.Password) is not { } proof)
        {
            return Page();
        }

        var removed = await authenticators.RemoveAsync(user, proof, id, PortalSignInManager.SessionId(User));
        if (removed is null)
        {
            return NotFound();
        }

        if (!removed.Removed)
        {
            AddError("You cannot remove your last authenticator app: {0} requires two-factor authentication. Add another app first.", string.Join(", ", removed.RequiredBy));
            return Page();
        }

        if (removed.TwoFactorTurnedOff)
        {
            SetStatus("The authenticator app \"{0}\" was removed. It was your last one, so two-factor authentication is now off.", removed.Name);
        }
        else
        {
            SetStatus("The authenticator app \"{0}\" was removed. Your other sessions were logged out.", removed.Name);
        }

        return RedirectToPage("Security");
    }

    private async Task<bool> LoadAsync(Guid userId, Guid id)
    {
        var all = await authenticators.ListAsync(userId);
        if (all.SingleOrDefault(a => a.Id == id) is not { } authenticator)
        {
            return false;
        }

        Name = authenticator.Name;
        IsLast = all.Count == 1;
        RequiredBy = (await workspaces.MfaPolicyAsync(userId)).RefusingRemovalOfAuthenticatorApp;
        return true;
    }
}
