using Microsoft.AspNetCore.Mvc;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Pages;

namespace Portal.Web.Infrastructure.Lists;

/// <summary>
/// A page that lists rows paged, searched and sorted by the address
/// (<c>?q=…&amp;p=…&amp;sort=…&amp;dir=desc</c>), so every view of the list can be bookmarked, shared and
/// refreshed. Links keep the search; a page link keeps the order; a sort link starts at page one.
/// </summary>
public abstract class ListPageModel<TColumn> : PortalPageModel
    where TColumn : struct, Enum
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    [PageNumber]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "dir")]
    public string? Direction { get; set; }

    public SortOrder<TColumn> Order => SortOrder.Parse<TColumn>(Sort, Direction);

    /// <summary>The list's own path, without a query.</summary>
    protected abstract string ListPath { get; }

    /// <summary>A page of the list in the current order and search.</summary>
    public string PageLink(int page) => Link($"p={page}" + OrderQuery());

    /// <summary>The list sorted by a column (from its first page), in the current search.</summary>
    public string SortLink(TColumn column) => Link(Order.QueryFor(column));

    /// <summary>The query values of the current view (for a form's action, so its redirect comes back to it).</summary>
    public object RouteValues => new { q = Search, p = PageNumber, sort = Sort is null ? null : Order.Column.ToString().ToLowerInvariant(), dir = Order.Descending ? "desc" : null };

    /// <summary>"&amp;sort=…[&amp;dir=desc]" when the address chose an order, else nothing.</summary>
    protected string OrderQuery() => Sort is null ? "" : "&" + CurrentOrder();

    protected string CurrentOrder() => "sort=" + Order.Column.ToString().ToLowerInvariant() + (Order.Descending ? "&dir=desc" : "");

    /// <summary>The list's address with <paramref name="query"/>, keeping the search.</summary>
    protected string Link(string query) =>
        $"{ListPath}?{query}" + (string.IsNullOrEmpty(Search) ? "" : "&q=" + Uri.EscapeDataString(Search));
}
