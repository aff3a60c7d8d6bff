using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Data;

namespace Portal.Core.Accounts;

/// <summary>
/// Server-side sessions (OWASP ASVS 5.0 V7.3 timeouts, V7.4 termination). Validation results are
/// cached for a few seconds per instance to keep each request free of extra SQL. A revocation
/// evicts this instance's cache and is announced with PostgreSQL NOTIFY on
/// <see cref="RevokedChannel"/>, so every other instance evicts it too at once; should that
/// message be lost, the cache entry still ends within <see cref="CacheFor"/>.
/// </summary>
public sealed class UserSessionService(PortalDbContext db, TimeProvider clock, IMemoryCache cache)
{
    /// <summary>ASVS V7.3.1: idle timeout for sessions without "remember me".</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>ASVS V7.3.2: absolute lifetime of a session without "remember me".</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    /// <summary>"Remember me" keeps a session for 14 days after it was last used.</summary>
    public static readonly TimeSpan PersistentLifetime = TimeSpan.FromDays(14);

    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    public const string RevokedChannel = "portal_session_revoked";

    /// <summary>Ids per NOTIFY message, well under PostgreSQL's 8,000-byte payload limit.</summary>
    private const int IdsPerNotification = 200;

    /// <summary>Last-seen is written at most this often, not on every request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public async Task<UserSession> StartAsync(Guid userId, bool persistent, string? clientAddress, string? userAgent)
    {
        var session = Begin(userId, persistent, clientAddress, userAgent);
        await db.SaveChangesAsync();
        return session;
    }

    /// <summary>A new session added to the unit of work (its id is set already), saved with the caller's next SaveChanges.</summary>
    public UserSession Begin(Guid userId, bool persistent, string? clientAddress, string? userAgent)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            IsPersistent = persistent,
            ClientAddress = clientAddress,
            UserAgent = userAgent is { Length: > 512 } ? userAgent[..512] : userAgent,
        };
        db.UserSessions.Add(session);
        return session;
    }

    /// <summary>True while the session exists, belongs to the user, is not revoked and has not timed out.</summary>
    public async Task<bool> ValidateAsync(Guid sessionId, Guid userId)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(CacheKey(sessionId), out SessionSnapshot? cached) && cached is not null)
        {
            return cached.UserId == userId && IsAlive(cached, now);
        }

        var snapshot = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .Select(s => new SessionSnapshot(s.UserId, s.CreatedAt, s.LastSeenAt, s.IsPersistent))
            .SingleOrDefaultAsync();
        if (snapshot is null || snapshot.UserId != userId || !IsAlive(snapshot, now))
        {
            return false;
        }

        if (now - snapshot.LastSeenAt > TouchEvery)
        {
            await db.UserSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now));
            snapshot = snapshot with { LastSeenAt = now };
        }

        cache.Set(CacheKey(sessionId), snapshot, CacheFor);
        return true;
    }

    public async Task RevokeAsync(Guid sessionId)
    {
        var now = clock.GetUtcNow();
        await db.UserSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now));
        await AnnounceAsync([sessionId]);
    }

    /// <summary>Ends every session of the user except <paramref name="keep"/> (ASVS V7.4.3).</summary>
    public async Task RevokeAllAsync(Guid userId, Guid? keep = null)
    {
        var now = clock.GetUtcNow();
        var ids = await db.UserSessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep)
            .Select(s => s.Id)
            .ToListAsync();
        await db.UserSessions.Where(s => ids.Contains(s.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now));
        await AnnounceAsync(ids);
    }

    /// <summary>Drops a session from this instance's cache (called for this instance's and other instances' revocations).</summary>
    public static void Evict(IMemoryCache cache, Guid sessionId) => cache.Remove(CacheKey(sessionId));

    private async Task AnnounceAsync(IReadOnlyList<Guid> ids)
    {
        foreach (var id in ids)
        {
            Evict(cache, id);
        }

        foreach (var chunk in ids.Chunk(IdsPerNotification))
        {
            var payload = string.Join(',', chunk.Select(id => id.ToString("N")));
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RevokedChannel}, {payload})");
        }
    }

    public Task<List<UserSession>> ListActiveAsync(Guid userId)
    {
        var now = clock.GetUtcNow();
        var idleSince = now - IdleTimeout;
        var persistentSince = now - PersistentLifetime;
        var createdSince = now - AbsoluteTimeout;
        return db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null)
            .Where(s => s.IsPersistent
                ? s.LastSeenAt > persistentSince
                : s.LastSeenAt > idleSince && s.CreatedAt > createdSince)
            .OrderByDescending(s => s.LastSeenAt)
            .ToListAsync();
    }

    private static bool IsAlive(SessionSnapshot s, DateTimeOffset now) => s.IsPersistent
        ? now - s.LastSeenAt <= PersistentLifetime
        : now - s.LastSeenAt <= IdleTimeout && now - s.CreatedAt <= AbsoluteTimeout;

    private static string CacheKey(Guid sessionId) => "session:" + sessionId.ToString("N");

    private sealed record SessionSnapshot(Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, bool IsPersistent);
}
