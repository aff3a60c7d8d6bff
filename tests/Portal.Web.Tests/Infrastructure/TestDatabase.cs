using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL that scripts/test.sh starts. The schema is migrated once per test run into
/// a template database; every test class gets its own copy (CREATE DATABASE … TEMPLATE), so
/// classes run in parallel and never see each other's rows.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("PORTAL_TEST_DB") ?? "Host=127.0.0.1;Port=55432;Username=postgres";

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, MaxPoolSize = 20 }.ConnectionString;

    /// <summary>A fresh, migrated database of the test's own.</summary>
    public static async Task<string> CreateAsync(string prefix)
    {
        var template = await Template.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }
        finally
        {
            CreateLock.Release();
        }

        return name;
    }

    /// <summary>An empty database (for the schema comparison).</summary>
    public static async Task<string> CreateEmptyAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return name;
    }

    public static async Task DropAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    public static async Task<string> TemplateNameAsync() => await Template.Value;

    public static async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"portal_template_{Environment.ProcessId}";
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql(ConnectionString(name))
            .Options;
        await using (var db = new PortalDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        // A template must have no open connections while it is copied.
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult();
        return name;
    }
}
