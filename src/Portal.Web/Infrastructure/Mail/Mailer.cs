using System.Text.Json;
using Portal.Core.Accounts;
using Portal.Core.Mail;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// Where pages and services send e-mail: the message becomes a row of the durable outbox in the
/// current unit of work (<see cref="MailOutbox"/>). It commits with the next SaveChanges of the
/// request, at the latest when the page handler ends (<see cref="OutboxCommitFilter"/>), and is
/// sent by <see cref="OutboxSender"/>. The request never waits for SMTP, which also keeps "forgot
/// password" equally fast for known and unknown addresses (OWASP ASVS 5.0 V6.3.8).
/// </summary>
public sealed class Mailer(MailOutbox outbox, OutboxSignal signal, TimeProvider clock, IHttpContextAccessor httpContextAccessor)
{
    private bool _queued;

    /// <summary>To a login, in the person's language.</summary>
    public void Send(PortalUser recipient, PortalEmail email) =>
        Send(recipient.Email!, recipient.PreferredLanguage, GreetingName(recipient), email, recipient.TimeZone);

    /// <summary>To an address that is not (or not yet) a login: a backup e-mail (in its owner's zone), an invitee (Europe/Brussels).</summary>
    public void Send(string address, string? language, string greetingName, PortalEmail email, string? timeZone = null)
    {
        var context = new MailContext(greetingName, clock.GetUtcNow(), httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString(), timeZone);
        var payload = JsonSerializer.Serialize(new MailPayload(context, JsonSerializer.SerializeToElement(email, email.GetType())));
        outbox.Add(address, language, MailTemplates.NameOf(email), payload);
        _queued = true;
    }

    /// <summary>Commits what was queued and not yet saved, and wakes this instance's sender.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await outbox.SaveAsync(cancellationToken);
        if (_queued)
        {
            signal.Notify();
            _queued = false;
        }
    }

    public static string GreetingName(PortalUser user) =>
        string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName;
}

/// <summary>What an outbox row's encrypted payload holds.</summary>
public sealed record MailPayload(MailContext Context, JsonElement Email);
