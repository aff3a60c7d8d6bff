using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// The one place that hands e-mail to a transport: SMTP in production, a pickup folder of .eml
/// files in development and tests. System.Net.Mail, because MailKit is not available here; this
/// class is the seam to swap it in.
/// </summary>
public sealed class MailSender(IOptions<MailOptions> options, IHostEnvironment environment)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = new MailMessage
        {
            From = new MailAddress(settings.From),
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        message.To.Add(new MailAddress(mail.To));
        message.AlternateViews.Add(View(mail.Text, MediaTypeNames.Text.Plain));
        message.AlternateViews.Add(View(mail.Html, MediaTypeNames.Text.Html));

        using var client = new SmtpClient();
        var pickup = PickupDirectory(settings, environment);
        if (pickup is not null)
        {
            Directory.CreateDirectory(pickup);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = pickup;
        }
        else
        {
            client.Host = settings.Smtp.Host;
            client.Port = settings.Smtp.Port;
            client.EnableSsl = settings.Smtp.EnableSsl;
            if (!string.IsNullOrEmpty(settings.Smtp.UserName))
            {
                client.Credentials = new NetworkCredential(settings.Smtp.UserName, settings.Smtp.Password);
            }
        }

        await client.SendMailAsync(message, cancellationToken);
    }

    /// <summary>The pickup folder as an absolute path (relative ones are taken from the content root), or null for SMTP.</summary>
    public static string? PickupDirectory(MailOptions settings, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(settings.PickupDirectory)
            ? null
            : Path.GetFullPath(Path.Combine(environment.ContentRootPath, settings.PickupDirectory));

    private static AlternateView View(string body, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(body, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.Base64;
        return view;
    }
}
