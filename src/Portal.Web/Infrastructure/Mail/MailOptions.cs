using MailKit.Security;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>The "Mail" configuration section.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string From { get; set; } = "Portal <no-reply@portal.example>";

    /// <summary>When set, messages are written there as .eml files instead of going to SMTP.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    public sealed class SmtpSettings
    {
        public string Host { get; set; } = "localhost";

        public int Port { get; set; } = 25;

        /// <summary>
        /// None, StartTls (required), SslOnConnect (implicit TLS, usually port 465), StartTlsWhenAvailable,
        /// or Auto (TLS on connect for 465, STARTTLS when the server offers it otherwise).
        /// </summary>
        public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

        public string? UserName { get; set; }

        public string? Password { get; set; }

        /// <summary>How long one connect, command or send may take before the attempt counts as failed.</summary>
        public int TimeoutSeconds { get; set; } = 30;
    }
}
