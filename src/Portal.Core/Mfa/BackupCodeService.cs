using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Mfa;

/// <summary>A person's set of backup codes: generating a set (which voids the old one), using a code once, counting what is left.</summary>
public sealed class BackupCodeService(PortalDbContext db, TimeProvider clock, SecurityChanges changes)
{
    /// <summary>The security page warns when this many codes or fewer remain.</summary>
    public const int LowWarningThreshold = 3;

    /// <summary>NIST SP 800-63B §5.1.2.2: a salt of at least 32 bits per secret; 128 bits here.</summary>
    private const int SaltBytes = 16;

    /// <summary>
    /// A new set of <see cref="BackupCodes.CountPerSet"/> codes, in plain text for showing once, after
    /// re-authentication: the old set stops working.
    /// </summary>
    public async Task<IReadOnlyList<string>> RegenerateAsync(PortalUser user, ReauthenticationProof proof, Guid? keepSession)
    {
        proof.EnsureFor(user, clock.GetUtcNow());
        IReadOnlyList<string> codes = [];
        await db.InTransactionAsync(async () =>
        {
            codes = await AddNewSetAsync(user.Id);
            await changes.RecordAsync(user, AuditEventTypes.BackupCodesGenerated, keepSession, notice: new BackupCodesGeneratedNotice());
        });
        return codes;
    }

    public Task<int> RemainingAsync(Guid userId) => db.BackupCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null);

    /// <summary>
    /// Uses the code if it is one of the person's unused codes. Single use holds under concurrency:
    /// the code is marked used by one conditional UPDATE, and only the request whose UPDATE changed
    /// the row succeeds (SP 800-63B §5.1.2.2: "used successfully only once").
    /// </summary>
    public async Task<bool> RedeemAsync(Guid userId, string code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            return false;
        }

        var unused = await db.BackupCodes.AsNoTracking()
            .Where(c => c.UserId == userId && c.UsedAt == null)
            .Select(c => new { c.Id, c.Hash, c.Salt })
            .ToListAsync();
        Guid? match = null;
        // Every code is checked, so the time taken does not tell which one matched.
        foreach (var candidate in unused)
        {
            if (BackupCodes.Verify(code, candidate.Hash, candidate.Salt))
            {
                match = candidate.Id;
            }
        }

        if (match is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var used = await db.BackupCodes
            .Where(c => c.Id == match && c.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now));
        return used == 1;
    }

    /// <summary>Replaces the person's set; the new rows are saved by the caller's SaveChanges, in its transaction.</summary>
    internal async Task<IReadOnlyList<string>> AddNewSetAsync(Guid userId)
    {
        await db.BackupCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync();
        var codes = BackupCodes.Generate();
        var now = clock.GetUtcNow();
        foreach (var code in codes)
        {
            var salt = RandomNumberGenerator.GetBytes(SaltBytes);
            db.BackupCodes.Add(new BackupCode { UserId = userId, Hash = BackupCodes.Hash(code, salt), Salt = salt, CreatedAt = now });
        }

        return codes;
    }
}
