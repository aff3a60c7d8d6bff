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

        public bool EnableSsl { get; set; }

        public string? UserName { get; set; }

        public string? Password { get; set; }
    }
}
