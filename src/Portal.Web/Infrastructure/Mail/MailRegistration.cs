using Portal.Core.Mail;

namespace Portal.Web.Infrastructure.Mail;

public static class MailRegistration
{
    public static void AddPortalMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddScoped<MailOutbox>();
        services.AddScoped<OutboxStore>();
        services.AddScoped<Mailer>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<MailRenderer>();
        services.AddSingleton<MailTransport>();
        services.AddScoped<OutboxCommitFilter>();
        services.AddHostedService<OutboxSender>();
    }
}
