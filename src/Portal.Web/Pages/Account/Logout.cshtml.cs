using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Audit;

namespace Portal.Web.Pages.Account;

/// <summary>POST only: a GET cannot log anyone out (no logout by a forged link or image).</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<PortalUser> signInManager, UserManager<PortalUser> users, AuditLog audit) : PortalPageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        await signInManager.SignOutAsync();
        if (user is not null)
        {
            await audit.WriteAsync(AuditEventTypes.Logout, user);
        }

        SetStatus("You are logged out.");
        return Redirect("/login");
    }
}
