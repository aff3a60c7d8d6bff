using Microsoft.AspNetCore.Mvc;
using Portal.Core.Mfa;
using Portal.Core.Organisations;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// Where enforced MFA sends a member without an authenticator: names the organisations that require
/// it and leads to enrolment (authenticator app, then backup codes). The only ways on are to enrol or to log out.
/// </summary>
public sealed class EnrolmentRequiredModel(UserWorkspaces workspaces, TwoFactorSettings twoFactor, TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "org")]
    public string? OrganisationSlug { get; set; }

    /// <summary>The organisations that block the user now; the one they tried to open first.</summary>
    public IReadOnlyList<OrganisationWorkspace> Requiring { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await twoFactor.HasActiveAuthenticatorAsync(UserId))
        {
            return Redirect(OrganisationSlug is null ? "/" : "/o/" + Uri.EscapeDataString(OrganisationSlug));
        }

        var now = clock.GetUtcNow();
        Requiring = (await workspaces.ForUserAsync(UserId))
            .Where(o => o.MustEnrol(now))
            .OrderByDescending(o => string.Equals(o.Slug, OrganisationSlug, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return Page();
    }
}
