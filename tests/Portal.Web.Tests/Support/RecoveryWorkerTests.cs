using Portal.Core.Support;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Support;

/// <summary>
/// The background worker that completes recoveries after their cooling-off and purges old identity
/// documents runs every minute of the portal's clock: moving the clock makes it run, no test waits
/// for a real minute.
/// </summary>
public sealed class RecoveryWorkerTests(RecoveryWorkerTests.WorkerFactory factory) : IClassFixture<RecoveryWorkerTests.WorkerFactory>
{
    [Fact]
    public async Task Worker_completes_an_approved_recovery_once_the_clock_passes_the_cooling_off()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.ApprovedRecoveryAsync(person);

        factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        Assert.Equal(RecoveryStatus.Completed, await UntilAsync(() => factory.RecoveryAsync(requestId), r => r.Status == RecoveryStatus.Completed, r => r.Status));
    }

    [Fact]
    public async Task Worker_purges_documents_once_the_clock_passes_thirty_days()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        Assert.Equal(2, await factory.DocumentCountAsync(requestId));

        factory.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        Assert.Equal(0, await UntilAsync(() => factory.DocumentCountAsync(requestId), count => count == 0, count => count));
    }

    /// <summary>
    /// Reads until the worker's database work shows. This bounds real time only because the worker's
    /// tick (already due on the moved clock) runs on another thread.
    /// </summary>
    private static async Task<TResult> UntilAsync<T, TResult>(Func<Task<T>> read, Func<T, bool> done, Func<T, TResult> result)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return result(value);
            }

            await Task.Delay(50);
        }
    }

    public sealed class WorkerFactory : PortalFactory
    {
        protected override bool RunsRecoveryWorker => true;
    }
}
