using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Accounts;

/// <summary>What a sign-in's browser is to the account.</summary>
public enum BrowserFamiliarity
{
    /// <summary>The browser signed in to this account before.</summary>
    Known = 0,

    /// <summary>The account's first browser ever (a new account): nothing to warn about.</summary>
    First = 1,

    /// <summary>Another browser than the ones that signed in before: tell the person.</summary>
    New = 2,
}

/// <summary>Remembers which browsers signed in to an account (<see cref="KnownBrowser"/>).</summary>
public sealed class KnownBrowsers(PortalDbContext db, TimeProvider clock)
{
    /// <summary>How long the browser cookie lives: the longest browsers keep a cookie (400 days).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(400);

    /// <summary>A new random browser id for the cookie (128 bits).</summary>
    public static string NewBrowserId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Records the sign-in of <paramref name="browserId"/> and says whether the account knew it, in one
    /// statement. With <paramref name="completion"/> (a sign-in through <see cref="PasswordLogin.CompleteAsync"/>)
    /// the same statement stamps the account's last login and, once every factor was verified here,
    /// ends its attempt window as <see cref="AttemptLimit.EndWindowAsync"/> does.
    /// </summary>
    public async Task<BrowserFamiliarity> RecordSignInAsync(Guid userId, string browserId, SignInCompletion? completion = null)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(browserId)));
        var now = clock.GetUtcNow();
        var completed = completion is not null;
        var endWindow = completion?.EndsAttemptWindow ?? false;

        // Straight to the tables, never through the request's unit of work: a sign-in must not flush
        // (and fail on) whatever else the request has tracked. The CTEs all see the rows as they were
        // before the statement: "seen" tells the account's first browser ever from another new one.
        // Two sign-ins of one browser at once: the second updates the first's row, so it is known.
        // (xmax is 0 only on a row this statement inserted.)
        var familiarity = await db.Database.SqlQuery<int>($"""
            WITH signed_in AS (
                UPDATE "AspNetUsers"
                SET "LastLoginAt" = {now},
                    "AccessFailedCount" = CASE WHEN {endWindow} THEN 0 ELSE "AccessFailedCount" END,
                    "LockoutEnd" = CASE WHEN {endWindow} THEN NULL ELSE "LockoutEnd" END
                WHERE "Id" = {userId} AND {completed}
            ), seen AS (
                SELECT EXISTS (SELECT 1 FROM "KnownBrowsers" WHERE "UserId" = {userId}) AS "Any"
            ), browser AS (
                INSERT INTO "KnownBrowsers" ("Id", "UserId", "BrowserHash", "FirstSeenAt", "LastSeenAt")
                VALUES ({Guid.CreateVersion7()}, {userId}, {hash}, {now}, {now})
                ON CONFLICT ("UserId", "BrowserHash") DO UPDATE SET "LastSeenAt" = EXCLUDED."LastSeenAt"
                RETURNING (xmax = 0) AS "Inserted"
            )
            SELECT CASE WHEN NOT b."Inserted" THEN 0 WHEN s."Any" THEN 2 ELSE 1 END AS "Value"
            FROM browser AS b CROSS JOIN seen AS s
            """).ToListAsync();
        return (BrowserFamiliarity)familiarity.Single();
    }
}

/// <summary>
/// Handed by <see cref="PasswordLogin.CompleteAsync"/> to the sign-in (in the authentication
/// properties' parameters, which are never written to the cookie): the sign-in's writes wait for its
/// one SaveChanges, and <see cref="EndsAttemptWindow"/> when every factor was verified on the way.
/// </summary>
public sealed record SignInCompletion(bool EndsAttemptWindow)
{
    public const string Parameter = "portal.sign-in-completion";
}
