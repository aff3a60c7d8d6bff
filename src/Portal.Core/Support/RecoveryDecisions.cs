using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Support;

/// <summary>How every decision on a recovery request is saved (cancel, approve, reject).</summary>
internal static class RecoveryDecisions
{
    /// <summary>Saves a decision and deletes the request's documents in one transaction: decided means no documents left.</summary>
    public static Task SaveDecisionAsync(this PortalDbContext db, AuditLog audit, RecoveryRequest request) =>
        db.InTransactionAsync(async () =>
        {
            await DeleteDocumentsAsync(db, audit, request);
            await db.SaveChangesAsync();
        });

    private static async Task DeleteDocumentsAsync(PortalDbContext db, AuditLog audit, RecoveryRequest request)
    {
        var deleted = await db.RecoveryDocuments.Where(d => d.RequestId == request.Id).ExecuteDeleteAsync();
        if (deleted > 0)
        {
            audit.Add(AuditEventTypes.RecoveryDocumentsDeleted, null, target: request.User, details: new { requestId = request.Id, documents = deleted });
        }
    }
}
