using Microsoft.AspNetCore.Mvc;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Lists;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Environments;

/// <summary>An environment's home: its clients, paged, searchable and sortable by name, number or status.</summary>
public sealed class HomeModel(ClientDirectory clients, CurrentTenant tenant) : ListPageModel<ClientSort>
{
    /// <summary>Next's cursor: the page after the row it names (<see cref="ClientKeyset"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    /// <summary>Previous's cursor: the page before the row it names.</summary>
    [BindProperty(SupportsGet = true, Name = "before")]
    public string? Before { get; set; }

    public ClientPage Clients { get; private set; } = new([], 0, 0);

    public OrganisationWorkspace Organisation => tenant.Organisation;

    public EnvironmentSummary Environment => tenant.Environment!;

    public async Task OnGetAsync() =>
        Clients = await clients.SearchAsync(Environment.Id, Search, PageNumber, Order.Column, Order.Descending, After, Before);

    /// <summary>Next: the rows after the last one shown, in the current order and search.</summary>
    public string NextLink => Link("after=" + Uri.EscapeDataString(Clients.NextCursor!) + OrderQuery());

    /// <summary>Previous: the rows before the first one shown, or the first page when that is all there is before it.</summary>
    public string PreviousLink => Clients.PreviousCursor is { } cursor
        ? Link("before=" + Uri.EscapeDataString(cursor) + OrderQuery())
        : Link(Sort is null ? "p=1" : CurrentOrder());

    protected override string ListPath => $"/o/{Organisation.Slug}/e/{Environment.Slug}";
}
