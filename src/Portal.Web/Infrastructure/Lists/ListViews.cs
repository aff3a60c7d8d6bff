namespace Portal.Web.Infrastructure.Lists;

/// <summary>A sortable column header (<c>_SortHeader</c>): its label, the link that sorts by it and its aria-sort.</summary>
public sealed record SortHeaderView(string Label, string Href, string? AriaSort, string Key);

/// <summary>The pager under a list (<c>_Pager</c>): "1–50 of 85" with the links either side, null at an end.</summary>
public sealed record PagerView(int First, int Last, int Total, string? Previous, string? Next)
{
    public bool Shown => Previous is not null || Next is not null;
}
