using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction. The retrying execution strategy
    /// (EnableRetryOnFailure) refuses transactions it does not own, so the whole unit is retried.
    /// </summary>
    public static Task InTransactionAsync(this PortalDbContext db, Func<Task> work) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await work();
            await transaction.CommitAsync();
        });
}
