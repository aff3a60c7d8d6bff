using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Mfa;

/// <summary>A ceremony taken back from the store: still within its lifetime, and never to be taken again.</summary>
public sealed record TakenCeremony(Guid? UserId, string State);

/// <summary>
/// The server side of WebAuthn challenges. Identity's SignInManager keeps a ceremony's state in its
/// TwoFactorUserId cookie: a copy of that cookie could answer the same challenge again until it
/// expires, and the cookie is also the one that carries the pending password login of /login/2fa.
/// Here the state stays in the database; the browser holds a random 256-bit token; the row is
/// deleted in the statement that reads it (single use, also when two requests race), and a
/// ceremony older than <see cref="Lifetime"/> is refused (WebAuthn Level 3 §13.4.3; OWASP ASVS 5.0 V6.5).
/// </summary>
public sealed class PasskeyCeremonies(PortalDbContext db, TimeProvider clock)
{
    /// <summary>How long the person has to answer the browser's passkey dialog.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Stores a new ceremony and returns the token for the browser.</summary>
    public async Task<string> StartAsync(PasskeyCeremonyKind kind, Guid? userId, string state)
    {
        var now = clock.GetUtcNow();
        // Old, never-answered ceremonies go first; there are few (the index on ExpiresAt finds them).
        await db.PasskeyCeremonies.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync();
        var token = RandomNumberGenerator.GetBytes(32);
        db.PasskeyCeremonies.Add(new PasskeyCeremony
        {
            TokenHash = SHA256.HashData(token),
            Kind = kind,
            UserId = userId,
            State = state,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync();
        return Convert.ToBase64String(token).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// The ceremony of <paramref name="token"/>, deleted as it is read; null when there is none of
    /// this kind, it was answered before, or it expired.
    /// </summary>
    public async Task<TakenCeremony?> TakeAsync(PasskeyCeremonyKind kind, string? token)
    {
        if (Decode(token) is not { Length: 32 } raw)
        {
            return null;
        }

        var hash = SHA256.HashData(raw);
        var rows = await db.Database
            .SqlQuery<TakenRow>($"""
                DELETE FROM "PasskeyCeremonies" WHERE "TokenHash" = {hash} AND "Kind" = {(int)kind}
                RETURNING "UserId", "State", "ExpiresAt"
                """)
            .ToListAsync();
        return rows is [var row] && row.ExpiresAt > clock.GetUtcNow() ? new TakenCeremony(row.UserId, row.State) : null;
    }

    private static byte[]? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[48];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    private sealed record TakenRow(Guid? UserId, string State, DateTimeOffset ExpiresAt);
}
