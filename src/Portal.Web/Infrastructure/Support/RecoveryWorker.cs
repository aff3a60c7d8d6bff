using Portal.Core.Support;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Infrastructure.Support;

/// <summary>
/// Every minute: applies approved recoveries whose 24-hour cooling-off is over, and purges identity
/// documents stored for more than 30 days. Each instance may run it; the conditional status update
/// in <see cref="DueRecoveries.ApplyAsync"/> makes sure a reset is applied once. The minute is
/// the portal's clock's, so tests move it instead of waiting.
/// </summary>
public sealed class RecoveryWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RecoveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RecoveryCompletion>().ApplyDueAsync();
                // Wakes this instance's sender for the notices just committed.
                await scope.ServiceProvider.GetRequiredService<Mailer>().CommitAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<RecoveryDocumentPurge>().PurgeAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a database outage must not stop the worker for good.
                logger.LogError(ex, "Support recovery housekeeping failed");
            }
        }
    }
}
