using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Web.Infrastructure.Authentication;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>The person's active sessions, each of which they can end (OWASP ASVS 5.0 V7.5.2).</summary>
public sealed class SessionsModel(UserSessionService sessions, SignInManager<PortalUser> signInManager, UserManager<PortalUser> users, AuditLog audit)
    : PortalPageModel
{
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    public Guid? CurrentSession => PortalSignInManager.SessionId(User);

    public async Task OnGetAsync() => Sessions = await sessions.ListActiveAsync(UserId);

    public async Task<IActionResult> OnPostSignOutAsync(Guid id)
    {
        if (id == CurrentSession)
        {
            await signInManager.SignOutAsync();
            return Redirect("/login");
        }

        // Only the person's own sessions: an id of someone else's matches nothing.
        if ((await sessions.ListActiveAsync(UserId)).Any(s => s.Id == id))
        {
            await sessions.RevokeAsync(id);
            await audit.WriteAsync(AuditEventTypes.SessionEnded, await users.GetUserAsync(User));
            SetStatus("The session was logged out.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutOthersAsync()
    {
        await sessions.RevokeAllAsync(UserId, keep: CurrentSession);
        await audit.WriteAsync(AuditEventTypes.SessionsEndedElsewhere, await users.GetUserAsync(User));
        SetStatus("All your other sessions were logged out.");
        return RedirectToPage();
    }
}
