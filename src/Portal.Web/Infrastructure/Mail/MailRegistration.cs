namespace Portal.Web.Infrastructure.Mail;

public static class MailRegistration
{
    public static void AddPortalMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService<MailDispatcher>();
        services.AddScoped<LinkBuilder>();
        services.AddScoped<PortalEmails>();
    }
}
