using MailKit.Net.Smtp;
using Portal.Core.Mail;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// Sends the outbox on every instance: the oldest due message first, one at a time, until none is
/// due; then it waits for a commit on this instance (<see cref="OutboxSignal"/>) or the next poll.
/// What happens to one message never stops it or the process: a message that cannot be built or is
/// refused for good is marked failed and logged (its id and template, never its body), a passing
/// SMTP fault schedules a retry (<see cref="OutboxPolicy"/>), and a database outage is logged and
/// waited out. At start, messages waiting for a retry are tried at once.
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes,
    MailRenderer renderer,
    MailTransport transport,
    OutboxSignal signal,
    TimeProvider clock,
    ILogger<OutboxSender> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retriedWaiting = false;
        var nextPurge = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<OutboxStore>();
                if (!retriedWaiting)
                {
                    await store.RetryWaitingNowAsync(stoppingToken);
                    retriedWaiting = true;
                }

                while (!stoppingToken.IsCancellationRequested && await store.DeliverNextAsync(DeliverAsync, stoppingToken))
                {
                    Log(store.LastOutcome);
                }

                if (clock.GetUtcNow() >= nextPurge)
                {
                    await store.PurgeSentBodiesAsync(stoppingToken);
                    nextPurge = clock.GetUtcNow() + PurgeInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Most likely the database is away (a restart, a failover): the messages wait in it.
                logger.LogError(ex, "The e-mail outbox could not be processed; trying again in {Seconds} s", PollInterval.TotalSeconds);
            }

            try
            {
                await signal.WaitAsync(PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        MimeKit.MimeMessage message;
        try
        {
            message = renderer.Render(delivery);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing a retry could change: an unknown template, an unreadable payload, a bad address.
            return new DeliveryResult(DeliveryOutcome.Failed, "The message cannot be built: " + (ex is MailRenderException ? ex.Message : ex.GetType().Name));
        }

        using (message)
        {
            try
            {
                await transport.SendAsync(message, delivery.Id, cancellationToken);
                return new DeliveryResult(DeliveryOutcome.Sent);
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                // RFC 5321 §4.2.1: 5yz is a permanent refusal (no such mailbox, policy).
                return new DeliveryResult(DeliveryOutcome.Failed, $"Refused by the SMTP server: {(int)ex.StatusCode} {ex.ErrorCode}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new DeliveryResult(DeliveryOutcome.RetryLater, $"{ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private void Log((Guid Id, string Template, OutboxStatus Status, string? Error)? outcome)
    {
        switch (outcome)
        {
            case { Status: OutboxStatus.Sent } sent:
                logger.LogInformation("E-mail {OutboxId} ({Template}) sent", sent.Id, sent.Template);
                break;
            case { Status: OutboxStatus.Pending } waiting:
                logger.LogWarning("E-mail {OutboxId} ({Template}) not sent, will retry: {Error}", waiting.Id, waiting.Template, waiting.Error);
                break;
            case { Status: OutboxStatus.Failed } failed:
                logger.LogError("E-mail {OutboxId} ({Template}) failed for good: {Error}", failed.Id, failed.Template, failed.Error);
                break;
        }
    }
}
