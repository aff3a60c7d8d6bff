namespace Portal.Web.Infrastructure.Lists;

/// <summary>
/// A table's sort as the address carries it (<c>?sort=number&amp;dir=desc</c>): only a column of the
/// enum's closed list is taken — anything else is the default column, ascending — so no text from
/// the query string reaches the SQL (OWASP ASVS 5.0 V1.2.4: parameters chosen from an allow list).
/// </summary>
public readonly record struct SortOrder<TColumn>(TColumn Column, bool Descending)
    where TColumn : struct, Enum
{
    /// <summary>The query values that sort by a column: ascending first, the other way round when it is the current column.</summary>
    public string QueryFor(TColumn column) =>
        "sort=" + column.ToString().ToLowerInvariant() + (EqualityComparer<TColumn>.Default.Equals(column, Column) && !Descending ? "&dir=desc" : "");

    /// <summary>The aria-sort value of a column's header (WAI-ARIA 1.2): only the sorted column has one.</summary>
    public string? AriaSort(TColumn column) =>
        EqualityComparer<TColumn>.Default.Equals(column, Column) ? (Descending ? "descending" : "ascending") : null;
}

public static class SortOrder
{
    /// <summary>The sort of <c>?sort=…&amp;dir=…</c>: a column's name (any case) or the default column; "desc" or ascending.</summary>
    public static SortOrder<TColumn> Parse<TColumn>(string? sort, string? direction)
        where TColumn : struct, Enum =>
        new(Enum.TryParse<TColumn>(sort, ignoreCase: true, out var column) && Enum.IsDefined(column) && !int.TryParse(sort, out _) ? column : default,
            string.Equals(direction, "desc", StringComparison.OrdinalIgnoreCase));
}
