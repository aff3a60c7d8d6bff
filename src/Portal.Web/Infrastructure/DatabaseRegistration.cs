using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.DataProtection;
using Portal.Web.Infrastructure.Diagnostics;
using Portal.Web.Infrastructure.Errors;

namespace Portal.Web.Infrastructure;

public static class DatabaseRegistration
{
    /// <summary>PostgreSQL through a pooled <see cref="PortalDbContext"/>, and the Data Protection key ring stored in it.</summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var countSqlRoundTrips = SqlRoundTrips.IsEnabled(configuration);
        if (countSqlRoundTrips)
        {
            services.AddSingleton<SqlRoundTripInterceptor>();
        }

        // Pooled: the options are built once at start-up and contexts are reused, instead of configuring
        // Npgsql, warnings and interceptors and constructing a context on every request (the benchmark
        // showed that work as a tenth of a page's CPU). PortalDbContext keeps no state of its own.
        services.AddDbContextPool<PortalDbContext>((provider, options) =>
        {
            options
                .UseNpgsql(DatabaseConnections.ForRequests(configuration),
                    // A few quick retries ride out a dropped connection or the last seconds of a
                    // failover (no primary among the hosts yet); a database that stays down answers
                    // the friendly 503 page within seconds rather than hanging.
                    npgsql => npgsql.ExecutionStrategy(dependencies => new FailoverExecutionStrategy(dependencies, 3, TimeSpan.FromSeconds(1))));
            if (countSqlRoundTrips)
            {
                options.AddInterceptors(provider.GetRequiredService<SqlRoundTripInterceptor>());
            }
        });
        services.AddPortalDataProtection(configuration);
        return services;
    }
}
