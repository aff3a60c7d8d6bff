using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;
using Portal.Core.DataProtection;
using Portal.Web.Infrastructure.Diagnostics;

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
                .UseNpgsql(ConnectionString(configuration),
                    // A few quick retries ride out a failover or a dropped connection; a database that
                    // stays down answers the friendly 503 page within seconds rather than hanging.
                    npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(1), null));
            if (countSqlRoundTrips)
            {
                options.AddInterceptors(provider.GetRequiredService<SqlRoundTripInterceptor>());
            }
        });
        services.AddPortalDataProtection(configuration);
        return services;
    }

    /// <summary>
    /// The configured connection string, plus automatic preparation unless it sets its own: every
    /// request runs the same handful of statements, so each connection prepares them once and
    /// PostgreSQL stops parsing and planning them again (the benchmark showed that work as about half
    /// of a page's database time). And unless it passes its own server options, the planner is told
    /// that a random page read costs little more than a sequential one (random_page_cost 1.1, what
    /// PostgreSQL's documentation suggests for SSDs and data that stays cached): with the default of
    /// 4, meant for spinning disks, it read all 20,000 users to list an office's 500 members instead
    /// of looking up those 500 (the benchmark's admin users page, 3.6× slower in PostgreSQL).
    /// </summary>
    private static string? ConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Portal");
        if (string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c random_page_cost=1.1";
        }

        return builder.ConnectionString;
    }
}
