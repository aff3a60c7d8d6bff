using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Core.Mail;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>Thrown when an outbox row cannot become a message (unknown template, unreadable payload, refused address).</summary>
public sealed class MailRenderException(string message) : Exception(message);

/// <summary>
/// Turns an outbox row into a MIME message at send time, in the recipient's language: a greeting,
/// the template's paragraphs and at most one button, as multipart/alternative (plain text + HTML).
/// Links are made absolute on the configured public address. The subject is one line whatever the
/// stored names hold (rows written before names refused control characters).
/// </summary>
public sealed class MailRenderer(IStringLocalizer<SharedResource> localizer, PublicAddress publicAddress, IOptions<MailOptions> options)
{
    public MimeMessage Render(OutboxDelivery delivery)
    {
        var type = MailTemplates.Find(delivery.Template) ?? throw new MailRenderException($"Unknown template {delivery.Template}.");
        MailPayload payload;
        PortalEmail email;
        try
        {
            payload = JsonSerializer.Deserialize<MailPayload>(delivery.Payload) ?? throw new MailRenderException("Empty payload.");
            email = (PortalEmail?)payload.Email.Deserialize(type) ?? throw new MailRenderException("Empty template parameters.");
        }
        catch (JsonException ex)
        {
            throw new MailRenderException("Unreadable payload: " + ex.GetType().Name);
        }

        if (EmailAddressRule.Normalise(delivery.Recipient) is null)
        {
            throw new MailRenderException("The recipient is not a valid address.");
        }

        using var _ = new CultureScope(delivery.Language);
        var content = email.Compose(payload.Context);
        var message = new MimeMessage
        {
            MessageId = delivery.MessageId,
            Date = payload.Context.QueuedAt,
            Subject = PlainText.ToSingleLine(Translate(content.Subject)),
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(delivery.Recipient));
        var (text, html) = Bodies(payload.Context, content);
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    private (string Text, string Html) Bodies(MailContext context, MailContent content)
    {
        var greeting = localizer["Hello {0},", context.Greeting].Value;
        var text = new StringBuilder().AppendLine(greeting).AppendLine();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif;color:#1f2937\">")
            .Append("<p>").Append(HtmlEncoder.Default.Encode(greeting)).Append("</p>");
        foreach (var paragraph in content.Paragraphs.Select(Translate))
        {
            text.AppendLine(paragraph).AppendLine();
            html.Append("<p>").Append(HtmlEncoder.Default.Encode(paragraph)).Append("</p>");
        }

        if (content.Action is { } action)
        {
            var label = Translate(action.Label);
            var url = publicAddress.Absolute(action.Path);
            text.Append(label).Append(": ").AppendLine(url).AppendLine();
            html.Append("<p><a href=\"").Append(HtmlEncoder.Default.Encode(url))
                .Append("\" style=\"background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">")
                .Append(HtmlEncoder.Default.Encode(label)).Append("</a></p>");
        }

        var signature = localizer["— Portal"].Value;
        text.AppendLine(signature);
        html.Append("<p>").Append(HtmlEncoder.Default.Encode(signature)).Append("</p></body></html>");
        return (text.ToString(), html.ToString());
    }

    private string Translate(MailText text) => localizer[text.Key, text.Arguments];
}
