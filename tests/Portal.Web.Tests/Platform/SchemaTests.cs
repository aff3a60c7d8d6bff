using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// A model change needs its migration: the model snapshot must equal the model (what
/// <c>dotnet ef migrations add</c> compares), and, as a second guard over the hand-written SQL of the
/// first migrations, the schema the migrations build must equal the schema EF builds from the model.
/// </summary>
public sealed partial class SchemaTests
{
    [Fact]
    public async Task Model_snapshot_has_no_pending_changes()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(TestDatabase.ConnectionString("portal")).Options;
        await using var db = new PortalDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model differs from Data/Migrations/PortalDbContextModelSnapshot.cs: add a migration (README, Development).");
    }

    [Fact]
    public async Task Migrated_schema_equals_the_model()
    {
        var migrated = await TestDatabase.CreateAsync("portal_schema_migrated");
        var created = await TestDatabase.CreateEmptyAsync("portal_schema_created");
        try
        {
            await TestDatabase.ExecuteAsync("DROP TABLE \"__EFMigrationsHistory\"", migrated);
            var options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(TestDatabase.ConnectionString(created)).Options;
            await using (var db = new PortalDbContext(options))
            {
                await db.Database.EnsureCreatedAsync();
            }

            var fromMigrations = await DumpSchemaAsync(migrated);
            var fromModel = await DumpSchemaAsync(created);

            Assert.Contains("CREATE TABLE public.\"Clients\"", fromModel);
            Assert.Equal(fromModel, fromMigrations);
        }
        finally
        {
            await TestDatabase.DropAsync(migrated);
            await TestDatabase.DropAsync(created);
        }
    }

    private static async Task<string> DumpSchemaAsync(string database)
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        var start = new ProcessStartInfo(PgDump(), ["-s", "--no-owner", "--no-privileges", "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username!, database])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        var lines = output.Split('\n')
            .Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith('\\') && !string.IsNullOrWhiteSpace(l));
        return RandomRestrictKey().Replace(string.Join('\n', lines), "");
    }

    private static string PgDump() =>
        Environment.GetEnvironmentVariable("PORTAL_PG_BIN") is { Length: > 0 } bin
            ? Path.Combine(bin, "pg_dump")
            : Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", "pg_dump")).First(File.Exists);

    [GeneratedRegex(@"\\(un)?restrict \S+")]
    private static partial Regex RandomRestrictKey();
}
