using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Support;

/// <summary>Data minimisation: identity documents never stay stored longer than <see cref="DocumentRetention"/>.</summary>
public sealed class RecoveryDocumentPurge(PortalDbContext db, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan DocumentRetention = TimeSpan.FromDays(30);

    /// <summary>Data minimisation: documents still stored 30 days after upload are deleted, whatever the request's state.</summary>
    public async Task<int> PurgeAsync()
    {
        var cutoff = clock.GetUtcNow() - DocumentRetention;
        var purged = await db.RecoveryDocuments.Where(d => d.CreatedAt <= cutoff).ExecuteDeleteAsync();
        if (purged > 0)
        {
            await audit.WriteAsync(AuditEventTypes.RecoveryDocumentsPurged, null, details: new { documents = purged });
        }

        return purged;
    }
}
