using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Organisations;

public sealed record ClientPage(IReadOnlyList<Client> Clients, int TotalCount, int PageNumber, int PageSize)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    /// <summary>The position of the first client shown, counted from 1 (0 when there is none).</summary>
    public int First => Clients.Count == 0 ? 0 : ((PageNumber - 1) * PageSize) + 1;

    public int Last => First == 0 ? 0 : First + Clients.Count - 1;
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
public sealed class ClientDirectory(PortalDbContext db, AuditLog audit, TimeProvider clock, IMemoryCache cache)
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

    public async Task<ClientPage> SearchAsync(Guid environmentId, string? search, int pageNumber, ClientSort sort = ClientSort.Name, bool descending = false)
    {
        var query = db.Clients.AsNoTracking().Where(c => c.EnvironmentId == environmentId);
        search = search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            var pattern = LikePattern.Contains(search, MaxSearchLength);
            var compactPattern = LikePattern.Contains(Compact(search), MaxSearchLength);
            query = query.Where(c => EF.Functions.ILike(c.Name, pattern, LikePattern.Escape)
                || (c.Number != null && EF.Functions.ILike(c.Number.Replace(".", "").Replace(" ", ""), compactPattern, LikePattern.Escape)));
        }

        var total = string.IsNullOrEmpty(search) ? await CountAllAsync(environmentId) : await query.CountAsync();
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        pageNumber = Math.Clamp(pageNumber, 1, pageCount);
        if (string.IsNullOrEmpty(search) && sort == ClientSort.Name && !descending)
        {
            var page = new List<Client>(PageSize);
            await foreach (var client in UnfilteredPage(db, environmentId, (pageNumber - 1) * PageSize))
            {
                page.Add(client);
            }

            return new ClientPage(page, total, pageNumber, PageSize);
        }

        var clients = await Sorted(query, sort, descending)
            .Skip((pageNumber - 1) * PageSize)
            .Take(PageSize)
            .ToListAsync();
        return new ClientPage(clients, total, pageNumber, PageSize);
    }

    /// <summary>The chosen column, then the name and the id, so every page is stable.</summary>
    private static IOrderedQueryable<Client> Sorted(IQueryable<Client> query, ClientSort sort, bool descending) => (sort, descending) switch
    {
        (ClientSort.Number, false) => query.OrderBy(c => c.Number).ThenBy(c => c.Name).ThenBy(c => c.Id),
        (ClientSort.Number, true) => query.OrderByDescending(c => c.Number).ThenBy(c => c.Name).ThenBy(c => c.Id),
        (ClientSort.Status, false) => query.OrderBy(StatusRank).ThenBy(c => c.Name).ThenBy(c => c.Id),
        (ClientSort.Status, true) => query.OrderByDescending(StatusRank).ThenBy(c => c.Name).ThenBy(c => c.Id),
        (_, true) => query.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id),
        _ => query.OrderBy(c => c.Name).ThenBy(c => c.Id),
    };

    /// <summary>Active, onboarding, inactive: the status is stored as text, whose alphabetical order means nothing.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Client, int>> StatusRank = c =>
        c.Status == ClientStatus.Active ? 0 : c.Status == ClientStatus.Onboarding ? 1 : 2;

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
