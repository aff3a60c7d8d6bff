using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Core.DataProtection;

public static class DataProtectionRegistration
{
    /// <summary>The application name every instance shares: it isolates the portal's payloads from other apps on the same keys.</summary>
    public const string ApplicationName = "Portal";

    /// <summary>
    /// Data Protection with its key ring in PostgreSQL (design.md, scale-out): every instance, and any
    /// tool that must read or write what the portal protects, uses the same keys. Needs a registered
    /// <see cref="Data.PortalDbContext"/>.
    /// </summary>
    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        return services;
    }
}
