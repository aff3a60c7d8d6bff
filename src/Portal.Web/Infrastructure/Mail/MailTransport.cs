using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// Hands a message to SMTP with MailKit (host, port, TLS mode, optional authentication, timeout),
/// or, when a pickup folder is configured (development, tests), writes it there as an .eml file
/// named after its outbox row, so sending the same row twice leaves one file.
/// </summary>
public sealed class MailTransport(IOptions<MailOptions> options, IHostEnvironment environment)
{
    public async Task SendAsync(MimeMessage message, Guid outboxId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (PickupDirectory(settings, environment) is { } pickup)
        {
            Directory.CreateDirectory(pickup);
            var file = Path.Combine(pickup, outboxId.ToString("N") + ".eml");
            var partial = file + ".partial";
            await message.WriteToAsync(partial, cancellationToken);
            File.Move(partial, file, overwrite: true);
            return;
        }

        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.Smtp.TimeoutSeconds).TotalMilliseconds };
        await client.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.UserName))
        {
            await client.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>The pickup folder as an absolute path (relative ones are taken from the content root), or null for SMTP.</summary>
    public static string? PickupDirectory(MailOptions settings, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(settings.PickupDirectory)
            ? null
            : Path.GetFullPath(Path.Combine(environment.ContentRootPath, settings.PickupDirectory));
}
