using Microsoft.AspNetCore.Mvc;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Environments;

/// <summary>An environment's home: its clients, paged and searchable.</summary>
public sealed class HomeModel(ClientDirectory clients, CurrentTenant tenant) : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    [PageNumber]
    public int PageNumber { get; set; } = 1;

    public ClientPage Clients { get; private set; } = new([], 0, 1, ClientDirectory.PageSize);

    public OrganisationWorkspace Organisation => tenant.Organisation;

    public EnvironmentSummary Environment => tenant.Environment!;

    public async Task OnGetAsync() => Clients = await clients.SearchAsync(Environment.Id, Search, PageNumber);

    public string PageLink(int page) =>
        $"/o/{Organisation.Slug}/e/{Environment.Slug}?p={page}" + (string.IsNullOrEmpty(Search) ? "" : "&q=" + Uri.EscapeDataString(Search));
}
