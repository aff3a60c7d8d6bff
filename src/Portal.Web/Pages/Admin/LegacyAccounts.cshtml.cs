using Portal.Core.Legacy;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Admin;

/// <summary>The organisation's old per-environment usernames and whether each has moved to an e-mail login.</summary>
[OrganisationAdmin]
public sealed class LegacyAccountsModel(LegacyDirectory legacy, CurrentTenant tenant) : PortalPageModel
{
    public IReadOnlyList<LegacyAccountRow> Accounts { get; private set; } = [];

    public async Task OnGetAsync() => Accounts = await legacy.ForOrganisationAsync(tenant.Organisation.Id);
}
