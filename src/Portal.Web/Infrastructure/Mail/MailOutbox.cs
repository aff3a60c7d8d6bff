using System.Threading.Channels;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// E-mail leaves the request: a page queues it and answers at once. Besides keeping SMTP latency
/// out of page times, this keeps "forgot password" equally fast for known and unknown addresses
/// (OWASP ASVS 5.0 V6.3.8: no user enumeration through timing).
/// </summary>
public sealed class MailOutbox
{
    private readonly Channel<OutgoingMail> _channel = Channel.CreateUnbounded<OutgoingMail>();

    public void Enqueue(OutgoingMail mail) => _channel.Writer.TryWrite(mail);

    internal ChannelReader<OutgoingMail> Reader => _channel.Reader;
}

/// <summary>Sends what <see cref="MailOutbox"/> holds, retrying a failed send a few times.</summary>
public sealed class MailDispatcher(MailOutbox queue, MailSender sender, ILogger<MailDispatcher> logger) : BackgroundService
{
    private const int Attempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SendWithRetriesAsync(mail, stoppingToken);
        }
    }

    private async Task SendWithRetriesAsync(OutgoingMail mail, CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                await sender.SendAsync(mail, stoppingToken);
                // Never the body: it may carry a link with a token.
                logger.LogInformation("E-mail sent: {Subject}", mail.Subject);
                return;
            }
            catch (Exception ex) when (ex is System.Net.Mail.SmtpException or IOException or InvalidOperationException)
            {
                logger.LogWarning("E-mail not sent (attempt {Attempt} of {Attempts}): {Error}", attempt, Attempts, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt * 2), stoppingToken);
            }
        }
    }
}
