using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Organisations;

/// <summary>
/// A page of the client list. <paramref name="First"/>: the position of the first client shown,
/// counted from 1 (0 when there is none). The cursors continue the list after its last row and
/// before its first (<see cref="ClientKeyset"/>); Previous from the second page is the first page.
/// </summary>
public sealed record ClientPage(IReadOnlyList<Client> Clients, int TotalCount, int First, string? PreviousCursor = null, string? NextCursor = null)
{
    public int Last => Clients.Count == 0 ? 0 : First + Clients.Count - 1;

    public bool HasPrevious => First > 1;

    public bool HasNext => NextCursor is not null;
}

/// <summary>The columns the client list sorts by: a closed list, so nothing from the address reaches ORDER BY.</summary>
public enum ClientSort
{
    Name,
    Number,
    Status,
}

/// <summary>
/// The clients of one environment. Every read and write takes the environment id that tenancy
/// resolved, so a client id guessed into a form from another office matches nothing.
/// </summary>
public sealed class ClientDirectory(PortalDbContext db, AuditLog audit, TimeProvider clock, IMemoryCache cache, IDataProtectionProvider protection)
{
    public const int PageSize = 50;
    public const int MaxSearchLength = 100;

    /// <summary>
    /// How long an environment's client count is reused for its unfiltered list. Counting costs in
    /// proportion to the environment (an office with thousands of clients made it the page's most
    /// expensive query), while the list's first page does not. Adding a client on this instance
    /// renews the count at once; other instances show it within this time.
    /// </summary>
    public static readonly TimeSpan CountCacheFor = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The unfiltered page in the default order (by name), compiled once: it is the environment home's
    /// query, run by every signed-in person, and building its LINQ expression and looking it up in EF
    /// Core's query cache cost more CPU than PostgreSQL spends answering it. Searches and other orders
    /// (rarer, shaped by their input) stay LINQ.
    /// </summary>
    private static readonly Func<PortalDbContext, Guid, int, IAsyncEnumerable<Client>> UnfilteredPage =
        EF.CompileAsyncQuery((PortalDbContext db, Guid environmentId, int skip) => db.Clients.AsNoTracking()
            .Where(c => c.EnvironmentId == environmentId)
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(skip)
            .Take(PageSize));

    /// <summary>
    /// A page of the list: after or before the row a cursor names (Next and Previous, keyset), else
    /// page <paramref name="pageNumber"/> (an address with a page number).
    /// </summary>
    public async Task<ClientPage> SearchAsync(Guid environmentId, string? search, int pageNumber, ClientSort sort = ClientSort.Name,
        bool descending = false, string? after = null, string? before = null)
    {
        var query = db.Clients.AsNoTracking().Where(c => c.EnvironmentId == environmentId);
        search = search?.Trim() ?? "";
        if (search.Length > 0)
        {
            var pattern = LikePattern.Contains(search, MaxSearchLength);
            var compactPattern = LikePattern.Contains(Compact(search), MaxSearchLength);
            query = query.Where(c => EF.Functions.ILike(c.Name, pattern, LikePattern.Escape)
                || (c.Number != null && EF.Functions.ILike(c.Number.Replace(".", "").Replace(" ", ""), compactPattern, LikePattern.Escape)));
        }

        var list = new ListOf(environmentId, sort, descending, search);
        var total = search.Length == 0 ? await CountAllAsync(environmentId) : await query.CountAsync();
        var cursor = ClientKeyset.Read(protection, after ?? before, environmentId, sort, descending, search);
        if (cursor is not null && cursor.Before == (after is null) && await AtCursorAsync(query, cursor) is { } near)
        {
            return Page(list, near.Rows, total, near.First);
        }

        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        pageNumber = Math.Clamp(pageNumber, 1, pageCount);
        var rows = new List<Client>(PageSize);
        if (search.Length == 0 && sort == ClientSort.Name && !descending)
        {
            await foreach (var client in UnfilteredPage(db, environmentId, (pageNumber - 1) * PageSize))
            {
                rows.Add(client);
            }
        }
        else
        {
            rows = await Sorted(query, sort, descending).Skip((pageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
        }

        return Page(list, rows, total, ((pageNumber - 1) * PageSize) + 1);
    }

    /// <summary>The page after or before the cursor's row, or null when none is left there (rows removed since): the first page then.</summary>
    private static async Task<(List<Client> Rows, int First)?> AtCursorAsync(IQueryable<Client> query, ClientCursor cursor)
    {
        // Walking forwards in ascending order, or backwards in descending order, means greater keys.
        var greater = cursor.Descending == cursor.Before;
        var rows = new List<Client>(PageSize);
        foreach (var range in ClientKeyset.Ranges(cursor, greater))
        {
            rows.AddRange(await Sorted(query.Where(range), cursor.Sort, descending: !greater).Take(PageSize - rows.Count).ToListAsync());
            if (rows.Count == PageSize)
            {
                break;
            }
        }

        if (!cursor.Before)
        {
            return rows.Count == 0 ? null : (rows, cursor.Position);
        }

        rows.Reverse();
        var first = cursor.Position - rows.Count;
        return rows.Count < PageSize || first < 1 ? null : (rows, first);
    }

    private ClientPage Page(ListOf list, List<Client> rows, int total, int first)
    {
        if (rows.Count == 0)
        {
            return new ClientPage(rows, total, 0);
        }

        // The count may be up to 30 seconds old (CountCacheFor): never show a position past it.
        var last = first + rows.Count - 1;
        total = Math.Max(total, last);
        var next = last < total ? ClientKeyset.Protect(protection, list.At(rows[^1], before: false, last + 1)) : null;
        var previous = first > PageSize + 1 ? ClientKeyset.Protect(protection, list.At(rows[0], before: true, first)) : null;
        return new ClientPage(rows, total, first, previous, next);
    }

    /// <summary>One list: an environment's clients in one order and search.</summary>
    private sealed record ListOf(Guid EnvironmentId, ClientSort Sort, bool Descending, string Search)
    {
        public ClientCursor At(Client row, bool before, int position) =>
            new(EnvironmentId, Sort, Descending, Search, before, position, row.Name, row.Id, row.Number, RankOf(row));
    }

    /// <summary>
    /// The chosen column, then the name and the id, so every page is stable; descending is the exact
    /// reverse (empty numbers first), so one index serves both directions and a cursor's row has one
    /// place in either (IX_Clients_EnvironmentId_Name_Id, IX_Clients_EnvironmentId_Number_Name_Id).
    /// </summary>
    private static IOrderedQueryable<Client> Sorted(IQueryable<Client> query, ClientSort sort, bool descending) => (sort, descending) switch
    {
        (ClientSort.Number, false) => query.OrderBy(c => c.Number).ThenBy(c => c.Name).ThenBy(c => c.Id),
        (ClientSort.Number, true) => query.OrderByDescending(c => c.Number).ThenByDescending(c => c.Name).ThenByDescending(c => c.Id),
        (ClientSort.Status, false) => query.OrderBy(StatusRank).ThenBy(c => c.Name).ThenBy(c => c.Id),
        (ClientSort.Status, true) => query.OrderByDescending(StatusRank).ThenByDescending(c => c.Name).ThenByDescending(c => c.Id),
        (_, true) => query.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id),
        _ => query.OrderBy(c => c.Name).ThenBy(c => c.Id),
    };

    /// <summary>Active, onboarding, inactive: the status is stored as text, whose alphabetical order means nothing.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Client, int>> StatusRank = c =>
        c.Status == ClientStatus.Active ? 0 : c.Status == ClientStatus.Onboarding ? 1 : 2;

    private static readonly Func<Client, int> RankOf = StatusRank.Compile();

    public Task<Client?> FindAsync(Guid environmentId, Guid clientId) =>
        db.Clients.SingleOrDefaultAsync(c => c.Id == clientId && c.EnvironmentId == environmentId);

    public async Task<Client> CreateAsync(
        Guid organisationId, Guid environmentId, string name, string? number, ClientStatus status, PortalUser actor)
    {
        var client = new Client
        {
            EnvironmentId = environmentId,
            Name = name.Trim(),
            Number = Normalise(number),
            Status = status,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Clients.Add(client);
        audit.Add(AuditEventTypes.ClientCreated, actor, organisationId, details: new { client = client.Id, name = client.Name });
        await db.SaveChangesAsync();
        cache.Remove(CountKey(environmentId));
        return client;
    }

    public async Task UpdateAsync(
        Guid organisationId, Client client, string name, string? number, ClientStatus status, PortalUser actor)
    {
        client.Name = name.Trim();
        client.Number = Normalise(number);
        client.Status = status;
        audit.Add(AuditEventTypes.ClientUpdated, actor, organisationId, details: new { client = client.Id, name = client.Name });
        await db.SaveChangesAsync();
    }

    private async Task<int> CountAllAsync(Guid environmentId) =>
        await cache.GetOrCreateAsync(CountKey(environmentId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CountCacheFor;
            return db.Clients.CountAsync(c => c.EnvironmentId == environmentId);
        });

    private static string CountKey(Guid environmentId) => "clients:count:" + environmentId.ToString("N");

    private static string? Normalise(string? number) =>
        string.IsNullOrWhiteSpace(number) ? null : number.Trim().ToUpperInvariant();

    private static string Compact(string search) =>
        search.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
}
