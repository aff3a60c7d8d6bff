using Microsoft.AspNetCore.Mvc;
using Portal.Core.Organisations;

namespace Portal.Web.Pages;

/// <summary>The user's organisations and environments; straight to the environment when there is only one.</summary>
public sealed class IndexModel(UserWorkspaces workspaces) : PortalPageModel
{
    public IReadOnlyList<OrganisationWorkspace> Organisations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Organisations = await workspaces.ForUserAsync(UserId);
        var environments = Organisations.SelectMany(o => o.Environments.Select(e => (Organisation: o, Environment: e))).ToList();
        if (environments.Count == 1 && TempData.Peek("StatusMessage") is null)
        {
            var (organisation, environment) = environments[0];
            return Redirect($"/o/{organisation.Slug}/e/{environment.Slug}");
        }

        return Page();
    }
}
