using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Accounts;

/// <summary>What a sign-in's browser is to the account.</summary>
public enum BrowserFamiliarity
{
    /// <summary>The browser signed in to this account before.</summary>
    Known,

    /// <summary>The account's first browser ever (a new account): nothing to warn about.</summary>
    First,

    /// <summary>Another browser than the ones that signed in before: tell the person.</summary>
    New,
}

/// <summary>Remembers which browsers signed in to an account (<see cref="KnownBrowser"/>).</summary>
public sealed class KnownBrowsers(PortalDbContext db, TimeProvider clock)
{
    /// <summary>How long the browser cookie lives: the longest browsers keep a cookie (400 days).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(400);

    /// <summary>A new random browser id for the cookie (128 bits).</summary>
    public static string NewBrowserId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Records the sign-in of <paramref name="browserId"/> and says whether the account knew it.</summary>
    public async Task<BrowserFamiliarity> RecordSignInAsync(Guid userId, string browserId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(browserId)));
        var now = clock.GetUtcNow();
        var touched = await db.KnownBrowsers.Where(b => b.UserId == userId && b.BrowserHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.LastSeenAt, now));
        if (touched > 0)
        {
            return BrowserFamiliarity.Known;
        }

        var first = !await db.KnownBrowsers.AnyAsync(b => b.UserId == userId);

        // Straight to the table, never through the request's unit of work: a sign-in must not flush
        // (and fail on) whatever else the request has tracked. Two sign-ins of one browser at once:
        // the second inserts nothing and counts the browser as known.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "KnownBrowsers" ("Id", "UserId", "BrowserHash", "FirstSeenAt", "LastSeenAt")
            VALUES ({Guid.CreateVersion7()}, {userId}, {hash}, {now}, {now})
            ON CONFLICT ("UserId", "BrowserHash") DO NOTHING
            """);
        if (inserted == 0)
        {
            return BrowserFamiliarity.Known;
        }

        return first ? BrowserFamiliarity.First : BrowserFamiliarity.New;
    }
}
