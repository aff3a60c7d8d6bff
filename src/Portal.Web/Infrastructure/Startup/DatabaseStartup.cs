using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;
using Portal.Web.Infrastructure.Errors;

namespace Portal.Web.Infrastructure.Startup;

/// <summary>Before the portal serves: configuration checks, migrations, and the demo seed in Development.</summary>
public static class DatabaseStartup
{
    public static async Task<bool> PrepareAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILogger<WebApplication>>();
        var portal = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing")
            && string.IsNullOrWhiteSpace(portal.PublicBaseUrl))
        {
            await Console.Error.WriteLineAsync(
                "Portal: Portal__PublicBaseUrl is not set. Set it to the address people use (e.g. https://portal.example.com); e-mail links are built from it.");
            return false;
        }

        try
        {
            // Over the direct connection: a pooler in transaction mode cannot hold the migration lock.
            var direct = new DbContextOptionsBuilder<PortalDbContext>(app.Services.GetRequiredService<DbContextOptions<PortalDbContext>>())
                .UseNpgsql(DatabaseConnections.Direct(app.Configuration))
                // ALTER TABLE … ADD COLUMN appends, which is the order PortalUserConfiguration pins:
                // EF's "the order of column … was ignored" at a first start has nothing to act on.
                .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.ColumnOrderIgnoredWarning))
                .Options;
            await using (var migrations = new PortalDbContext(direct))
            {
                // Most starts find nothing to apply: asking first skips MigrateAsync's lock and its
                // comparison of the model with the last migration (about 0.4 s of a 3 s cold start,
                // docs/benchmarks.md); the schema tests hold the model and the migrations together.
                if ((await migrations.Database.GetPendingMigrationsAsync()).Any())
                {
                    await migrations.Database.MigrateAsync();
                }
            }

            if (app.Environment.IsDevelopment())
            {
                await using var scope = app.Services.CreateAsyncScope();
                await DemoSeed.RunAsync(scope.ServiceProvider);
            }

            return true;
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            var builder = new NpgsqlConnectionStringBuilder(app.Configuration.GetConnectionString("Portal"));
            await Console.Error.WriteLineAsync(
                $"Portal: cannot reach the database at {builder.Host}:{builder.Port} (database \"{builder.Database}\"): {DatabaseFaults.Innermost(ex).Message} Check ConnectionStrings__Portal, or start the local cluster with scripts/db.sh start.");
            logger.LogDebug("Database unreachable at start-up");
            return false;
        }
    }

    public static void PrintWelcome(WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"Portal is running at {string.Join(", ", app.Urls)}");
        Console.WriteLine($"Demo logins (password {DemoSeed.Password}):");
        Console.WriteLine("  admin@demo.test    admin of Demo Accountancy, member of Group Office");
        Console.WriteLine("  member@demo.test   member of Demo Accountancy");
        Console.WriteLine("  support@demo.test  support agent");
        Console.WriteLine($"Old usernames (password {DemoSeed.LegacyPassword}): jansen.exact, jansen.twinfield (to migrate), anna.exact (migrated)");
        Console.WriteLine("E-mails the portal sends: /dev/mailbox. Stop with Ctrl+C.");
        Console.WriteLine();
    }
}
