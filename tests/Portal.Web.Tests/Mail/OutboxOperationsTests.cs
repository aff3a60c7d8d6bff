using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Mail;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Mail;

/// <summary>What operators see and do: <c>mail status</c>, <c>mail retry</c>, and sent bodies purged after a week.</summary>
public sealed class OutboxOperationsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Mail_status_names_a_failed_message_and_mail_retry_puts_it_back_in_line()
    {
        // A real message that failed for good (an SMTP outage longer than a day).
        var recipient = TestData.NewEmail("retry");
        var failed = await factory.WithServicesAsync(async services =>
        {
            services.GetRequiredService<Mailer>().Send(recipient, "en", recipient, new PasswordResetEmail("/reset-password?user=x&token=y"));
            var db = services.GetRequiredService<Portal.Core.Data.PortalDbContext>();
            var row = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
            (row.Status, row.Attempts, row.LastError) = (OutboxStatus.Failed, 30, "Connection refused");
            await db.SaveChangesAsync();
            return row.Id;
        });
        await factory.Mailbox.AssertNoneToAsync(recipient);

        var (statusExit, status) = await PortalProcess.RunCommandAsync(factory.Database, "mail", "status");
        Assert.Equal(1, statusExit);
        Assert.Contains(failed.ToString(), status, StringComparison.Ordinal);
        Assert.Contains("PasswordResetEmail", status, StringComparison.Ordinal);
        Assert.Contains("Connection refused", status, StringComparison.Ordinal);

        var (retryExit, retry) = await PortalProcess.RunCommandAsync(factory.Database, "mail", "retry", failed.ToString());
        Assert.True(retryExit == 0, retry);
        // The running portal sends it at its next poll.
        factory.Clock.Advance(OutboxSender.PollInterval);
        await factory.Mailbox.WaitForAsync(recipient, "Reset your Portal password");
        Assert.Equal(1, (await PortalProcess.RunCommandAsync(factory.Database, "mail", "retry", Guid.NewGuid().ToString())).ExitCode);
    }

    [Fact]
    public async Task What_a_sent_message_said_is_deleted_a_week_after_sending_and_its_metadata_stays()
    {
        var old = await RowAsync(OutboxStatus.Sent, null, sentAgo: TimeSpan.FromDays(8));
        var recent = await RowAsync(OutboxStatus.Sent, null, sentAgo: TimeSpan.FromDays(1));

        // The sender purges once an hour, on the portal's clock.
        factory.Clock.Advance(TimeSpan.FromHours(2));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await PayloadAsync(old) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The old body was not purged");
            await Task.Delay(200);
        }

        Assert.NotNull(await PayloadAsync(recent));
        await factory.WithDbAsync(async db => Assert.Equal("someone@office.test", (await db.OutboxMessages.SingleAsync(m => m.Id == old)).Recipient));
    }

    private Task<string?> PayloadAsync(Guid id) => factory.WithServicesAsync(services =>
        services.GetRequiredService<Portal.Core.Data.PortalDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Id == id).Select(m => m.ProtectedPayload).SingleAsync());

    private async Task<Guid> RowAsync(OutboxStatus status, string? error, TimeSpan? sentAgo = null)
    {
        var id = Guid.CreateVersion7();
        var now = factory.Clock.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id,
                MessageId = $"{id:N}@test",
                Recipient = "someone@office.test",
                Template = "PasswordResetEmail",
                ProtectedPayload = "protected",
                Status = status,
                Attempts = 3,
                CreatedAt = now - (sentAgo ?? TimeSpan.Zero),
                SentAt = sentAgo is null ? null : now - sentAgo,
                GiveUpAt = now,
                LastError = error,
            });
            await db.SaveChangesAsync();
        });
        return id;
    }
}
