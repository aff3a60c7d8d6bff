using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;

namespace Portal.Core.DataProtection;

public static class DataProtectionRegistration
{
    /// <summary>The application name every instance shares: it isolates the portal's payloads from other apps on the same keys.</summary>
    public const string ApplicationName = "Portal";

    /// <summary>
    /// Data Protection with its key ring in PostgreSQL (design.md, scale-out): every instance, and any
    /// tool that must read or write what the portal protects, uses the same keys, one row per key in
    /// the DataProtectionKeys table, encrypted with the certificate of <see cref="KeyRingCertificate"/>
    /// when one is configured. Needs a registered <see cref="PortalDbContext"/>.
    /// </summary>
    public static IDataProtectionBuilder AddPortalDataProtection(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<PortalDbContext>();
        if (configuration is not null && !KeyRingCertificate.Apply(builder, configuration))
        {
            services.AddHostedService<KeyRingCertificate.UnencryptedWarning>();
        }

        return builder;
    }
}
