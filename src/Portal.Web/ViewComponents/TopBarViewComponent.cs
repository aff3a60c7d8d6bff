using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.ViewComponents;

public sealed record TopBarModel(
    string Email,
    IReadOnlyList<OrganisationWorkspace> Organisations,
    OrganisationWorkspace? CurrentOrganisation,
    EnvironmentSummary? CurrentEnvironment);

/// <summary>
/// The top bar of every signed-in page: current organisation and environment, the "Environments"
/// switcher grouped by organisation, Administration for admins, and the user menu. It reuses the
/// memberships the tenancy check loaded, so it costs no extra query on organisation pages.
/// </summary>
public sealed class TopBarViewComponent(UserWorkspaces workspaces, CurrentTenant tenant) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var principal = (ClaimsPrincipal)User;
        var userId = Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var organisations = await workspaces.ForUserAsync(userId);
        return View(new TopBarModel(
            principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity?.Name ?? "",
            organisations,
            tenant.IsResolved ? tenant.Organisation : null,
            tenant.IsResolved ? tenant.Environment : null));
    }
}
