using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Portal.Core.Data;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Infrastructure;

public static class HostingRegistration
{
    /// <summary>The portal's options (section "Portal"), bound once; the other registrations read them.</summary>
    public static PortalOptions AddPortalOptions(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(PortalOptions.Section);
        builder.Services.Configure<PortalOptions>(section);
        return section.Get<PortalOptions>() ?? new PortalOptions();
    }

    /// <summary>What the host itself needs: the clock, caches, health checks, trusted proxies and HSTS.</summary>
    public static IServiceCollection AddPortalHosting(this IServiceCollection services, PortalOptions portal)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("mail", tags: ["ready"])
            .AddCheck<SessionRevocationListener>("session-revocations", tags: ["ready"]);
        // One failing background service (or one poisoned message) must never stop the portal.
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in portal.TrustedProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return services;
    }
}
