using Portal.Core.Audit;

namespace Portal.Web.Infrastructure.Audit;

/// <summary>
/// At start and then every hour: creates the audit log's partitions for this month and the next
/// three, drops the months past every office's retention and deletes an office's own events past
/// its shorter one (<see cref="AuditRetention"/>). Each instance may run it: the partition changes
/// take an advisory transaction lock and are idempotent. The hour is the portal's clock's.
/// </summary>
public sealed class AuditMaintenanceWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditMaintenanceWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<AuditRetention>().RunAsync();
                if (result.CreatedPartitions > 0 || result.DroppedMonths.Count > 0 || result.DeletedEvents > 0)
                {
                    logger.LogInformation(
                        "Audit log maintenance: {Created} partitions created, {Dropped} months dropped ({Months}), {Deleted} events deleted",
                        result.CreatedPartitions, result.DroppedMonths.Count, string.Join(", ", result.DroppedMonths), result.DeletedEvents);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; the default partition takes events meanwhile.
                logger.LogError(ex, "Audit log maintenance failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
