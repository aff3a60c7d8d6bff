using Portal.Core.Mail;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Mail;

/// <summary>
/// The outbox across real process deaths and several instances: the portal runs as its own
/// process, sends real SMTP to aiosmtpd, and is killed with SIGKILL.
/// </summary>
public sealed class OutboxDurabilityTests : IAsyncLifetime
{
    private string _database = "";

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("portal_test_outbox");

    public Task DisposeAsync() => TestDatabase.DropAsync(_database);

    [Fact]
    public async Task Messages_queued_while_smtp_is_down_survive_a_kill_and_arrive_once_after_restart()
    {
        await using var catcher = await SmtpCatcher.StartAsync();
        await catcher.StopAsync();
        await using var portal = await PortalProcess.StartAsync(_database, Smtp(catcher));
        var recipients = await OutboxSeeder.QueuePasswordResetsAsync(_database, 3);

        // The portal tries, SMTP refuses the connection, the messages wait for their retry.
        await WaitUntilAsync(async () => (await OutboxSeeder.RowsAsync(_database)).All(m => m.Attempts >= 1));
        Assert.All(await OutboxSeeder.RowsAsync(_database), m => Assert.Equal(OutboxStatus.Pending, m.Status));

        await portal.KillAsync();
        await catcher.StartAgainAsync();
        await portal.StartAgainAsync();

        var arrived = await catcher.WaitForAsync(3);
        Assert.Equal(recipients.Order(), arrived.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Equal(3, arrived.Select(m => m.MessageId).Distinct().Count());
        await WaitUntilAsync(async () => (await OutboxSeeder.RowsAsync(_database)).All(m => m.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task Two_instances_on_one_database_send_each_of_200_messages_once()
    {
        await using var catcher = await SmtpCatcher.StartAsync();
        await using var first = await PortalProcess.StartAsync(_database, Smtp(catcher));
        await using var second = await PortalProcess.StartAsync(_database, Smtp(catcher));

        var recipients = await OutboxSeeder.QueuePasswordResetsAsync(_database, 200);

        var arrived = await catcher.WaitForAsync(200, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(2));
        arrived = catcher.Messages();
        Assert.Equal(200, arrived.Count);
        Assert.Equal(recipients.Order(), arrived.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.True(first.IsRunning && second.IsRunning);
    }

    private static Dictionary<string, string> Smtp(SmtpCatcher catcher) => new()
    {
        ["Mail__PickupDirectory"] = "",
        ["Mail__Smtp__Host"] = "127.0.0.1",
        ["Mail__Smtp__Port"] = catcher.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail__Smtp__Security"] = "None",
        ["Mail__Smtp__TimeoutSeconds"] = "5",
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting");
            await Task.Delay(200);
        }
    }
}
