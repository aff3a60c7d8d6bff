using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Organisations;

namespace Portal.Web.Pages;

/// <summary>
/// The user's organisations and environments; straight to the environment when there is only one,
/// and to the support console for support staff who belong to no organisation.
/// </summary>
public sealed class IndexModel(UserWorkspaces workspaces) : PortalPageModel
{
    public IReadOnlyList<OrganisationWorkspace> Organisations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Organisations = await workspaces.ForUserAsync(UserId);
        if (Organisations.Count == 0 && User.IsInRole(PlatformRoles.Support))
        {
            return Redirect("/support");
        }

        var environments = Organisations.SelectMany(o => o.Environments.Select(e => (Organisation: o, Environment: e))).ToList();
        if (environments.Count == 1 && TempData.Peek("StatusMessage") is null)
        {
            var (organisation, environment) = environments[0];
            return Redirect($"/o/{organisation.Slug}/e/{environment.Slug}");
        }

        return Page();
    }
}
