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

            // The audit log is partitioned by month in the migrations, which EF Core's model cannot
            // say: it is compared apart, column by column and index by index.
            string[] withoutAudit = ["-T", AuditTables];
            var fromMigrations = await DumpSchemaAsync(migrated, withoutAudit);
            var fromModel = await DumpSchemaAsync(created, withoutAudit);

            // Triggers are written in the migrations' SQL, which EF Core does not create: the model
            // declares them (HasTrigger), and the migrations must create exactly those, each with
            // the function of its name.
            await using (var db = new PortalDbContext(options))
            {
                var declared = db.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredTriggers())
                    .Select(t => t.ModelName).Order(StringComparer.Ordinal).ToList();
                Assert.NotEmpty(declared);
                Assert.Equal(declared, Names(TriggerStatement(), fromMigrations));
                Assert.Equal(declared, Names(FunctionStatement(), fromMigrations));
                Assert.Empty(Names(TriggerStatement(), fromModel));
            }
            fromMigrations = FunctionStatement().Replace(TriggerStatement().Replace(fromMigrations, ""), "");

            Assert.Contains("CREATE TABLE public.\"Clients\"", fromModel);
            Assert.Equal(fromModel, fromMigrations);

            var auditMigrated = await DumpSchemaAsync(migrated, "-t", AuditTables);
            var auditModel = await DumpSchemaAsync(created, "-t", AuditTables);
            Assert.Contains("PARTITION BY RANGE (\"OccurredAt\");", auditMigrated);
            Assert.Contains("PRIMARY KEY (\"Id\", \"OccurredAt\")", auditMigrated);
            Assert.All(new[] { auditModel, auditMigrated }, dump => Assert.Contains(IdDefault, dump));
            Assert.Equal(AuditColumns(auditModel), AuditColumns(auditMigrated));
            Assert.Equal(Names(AuditIndexName(), auditModel), Names(AuditIndexName(), auditMigrated));
        }
        finally
        {
            await TestDatabase.DropAsync(migrated);
            await TestDatabase.DropAsync(created);
        }
    }

    /// <summary>The audit table, its partitions and its id sequence (a pg_dump pattern).</summary>
    private const string AuditTables = "public.\"AuditEvents\"*";

    private const string IdDefault = "DEFAULT nextval('public.\"AuditEvents_Id_seq\"'::regclass)";

    /// <summary>The audit table's columns as pg_dump writes them, without the id's default (inline or set apart).</summary>
    private static List<string> AuditColumns(string dump) =>
        [.. AuditCreateTable().Match(dump).Groups[1].Value.Split('\n')
            .Select(l => l.Replace(" " + IdDefault, "", StringComparison.Ordinal).Trim().TrimEnd(','))
            .Where(l => l.Length > 0)];

    /// <summary>The names a statement pattern captures in a dump (its first group), in order.</summary>
    private static List<string> Names(Regex statement, string dump) =>
        [.. statement.Matches(dump).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    private static async Task<string> DumpSchemaAsync(string database, params string[] tables)
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        var start = new ProcessStartInfo(PgDump(), ["-s", "--no-owner", "--no-privileges", .. tables, "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username!, database])
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

    /// <summary>A trigger as pg_dump writes it, one line.</summary>
    [GeneratedRegex(@"^CREATE TRIGGER ""([^""]+)"" [^\n]*;\n?", RegexOptions.Multiline)]
    private static partial Regex TriggerStatement();

    /// <summary>A function as pg_dump writes it, its body quoted between <c>$$</c>.</summary>
    [GeneratedRegex(@"^CREATE FUNCTION public\.""([^""]+)""\(\).*?\$\$.*?\$\$;\n?", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FunctionStatement();

    [GeneratedRegex(@"CREATE TABLE public\.""AuditEvents"" \(\n([^;]*?)\n\)")]
    private static partial Regex AuditCreateTable();

    [GeneratedRegex(@"CREATE INDEX ""(IX_AuditEvents_[^""]+)"" ON (?:ONLY )?public\.""AuditEvents""")]
    private static partial Regex AuditIndexName();
}
