using System.Buffers.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Mfa;

/// <summary>What the security page shows: the person's authenticators, passkeys, backup codes left, backup e-mail and time zone.</summary>
public sealed record SecuritySummary(
    IReadOnlyList<AuthenticatorSummary> Authenticators,
    IReadOnlyList<PasskeySummary> Passkeys,
    int BackupCodesLeft,
    string? BackupEmail,
    bool BackupEmailVerified,
    string TimeZone);

/// <summary>
/// The security page's data in one round trip, read without tracking (nothing on the page writes):
/// the user row with its authenticators and passkeys (joins; a passkey's name, date and backup flag
/// read out of Identity's JSON column) and its unused backup codes (a scalar subquery). Compiled once,
/// like every query on a page that each signed-in person opens: building and looking up a LINQ
/// expression costs more CPU than PostgreSQL spends answering it.
/// </summary>
public sealed class SecurityOverview(PortalDbContext db)
{
    private sealed record PasskeyRow(byte[] CredentialId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Synced);

    private sealed record Row(
        List<AuthenticatorSummary> Authenticators, List<PasskeyRow> Passkeys, int BackupCodesLeft, string? BackupEmail, bool BackupEmailVerified, string TimeZone);

    private static readonly Func<PortalDbContext, Guid, Task<Row?>> Query =
        EF.CompileAsyncQuery((PortalDbContext db, Guid userId) => db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new Row(
                db.Authenticators
                    .Where(a => a.UserId == userId)
                    .OrderBy(a => a.CreatedAt)
                    .Select(a => new AuthenticatorSummary(a.Id, a.Name, a.CreatedAt, a.LastUsedAt))
                    .ToList(),
                db.UserPasskeys
                    .Where(p => p.UserId == userId)
                    .OrderBy(p => p.Data.CreatedAt)
                    .Select(p => new PasskeyRow(
                        p.CredentialId,
                        p.Data.Name,
                        p.Data.CreatedAt,
                        EF.Property<DateTimeOffset?>(p, UserPasskeyConfiguration.LastUsedAt),
                        p.Data.IsBackupEligible))
                    .ToList(),
                db.BackupCodes.Count(c => c.UserId == userId && c.UsedAt == null),
                u.BackupEmail,
                u.BackupEmailVerifiedAt != null,
                u.TimeZone))
            .FirstOrDefault());

    /// <summary>Null when the user no longer exists.</summary>
    public async Task<SecuritySummary?> ForUserAsync(Guid userId) =>
        await Query(db, userId) is not { } row
            ? null
            : new SecuritySummary(
                row.Authenticators,
                row.Passkeys
                    .Select(p => new PasskeySummary(Base64Url.EncodeToString(p.CredentialId), p.Name ?? "", p.CreatedAt, p.LastUsedAt, p.Synced))
                    .ToList(),
                row.BackupCodesLeft,
                row.BackupEmail,
                row.BackupEmailVerified,
                row.TimeZone);
}
