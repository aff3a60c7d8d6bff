using Portal.Core.Mail;

namespace Portal.Web.Infrastructure.Mail;

public static class MailRegistration
{
    /// <summary>
    /// E-mail through the outbox: queued in the transaction of the change that causes it, sent (SMTP
    /// or the pickup folder) with retries by <see cref="OutboxSender"/>.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddScoped<MailOutbox>();
        services.AddScoped<OutboxStore>();
        services.AddSingleton<OutboxOutcomes>();
        services.AddScoped<Mailer>();
        services.AddScoped<ISecurityNoticeMail, SecurityNoticeMail>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<MailRenderer>();
        services.AddSingleton<MailTransport>();
        services.AddScoped<OutboxCommitFilter>();
        services.AddHostedService<OutboxSender>();
        return services;
    }
}
