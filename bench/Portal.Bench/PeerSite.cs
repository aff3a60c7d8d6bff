using System.Diagnostics;
using Npgsql;

namespace Portal.Bench;

/// <summary>The paths the peer (the stock Identity template) is measured on, beside the portal's.</summary>
public static class PeerScenarios
{
    /// <summary>The template's login page (the default Identity UI).</summary>
    public const string Login = "/Identity/Account/Login";

    /// <summary>The template's signed-in account page, against the portal's <see cref="PortalAccount"/>.</summary>
    public const string Account = "/Identity/Account/Manage";

    public const string Home = "/";

    public const string PortalAccount = "/account/security";

    public const string PortalHome = "/";
}

/// <summary>
/// The peer's database: the template's own schema (created from its model by
/// <c>dotnet Peer.dll --create-schema</c>), then as many users as the portal's dataset, with the same
/// e-mail addresses and the same PBKDF2 hash (210,000 iterations), confirmed (the template requires a
/// confirmed account to sign in).
/// </summary>
public static class PeerSeeder
{
    public static async Task<TimeSpan> SeedAsync(DatasetSeeder seeder, BenchOptions options, string database, int users, string passwordHash)
    {
        var watch = Stopwatch.StartNew();
        await seeder.RecreateDatabaseAsync(database);
        var connectionString = seeder.ConnectionString(database);
        var start = new ProcessStartInfo("dotnet", [options.PeerDll, "--create-schema"])
        {
            UseShellExecute = false,
            WorkingDirectory = options.PeerContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__DefaultConnection"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using (var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"))
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The peer could not create its schema (exit {process.ExitCode}): {await output}{await errors}");
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Identity normalises with ToUpperInvariant; the addresses are ASCII, so upper() gives the same.
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            SELECT gen_random_uuid()::text, e, upper(e), e, upper(e), true,
                @hash, upper(replace(gen_random_uuid()::text, '-', '')), gen_random_uuid()::text, false, false, true, 0
            FROM (SELECT format(@format, lpad(i::text, 5, '0')) AS e FROM generate_series(0, @users - 1) AS i) AS addresses
            """,
            connection))
        {
            insert.Parameters.AddWithValue("hash", passwordHash);
            insert.Parameters.AddWithValue("format", SeededDataset.EmailSqlFormat);
            insert.Parameters.AddWithValue("users", users);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("VACUUM (ANALYZE)", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return watch.Elapsed;
    }
}

/// <summary>The statements PostgreSQL ran for one database, split as the pairing reports them.</summary>
/// <param name="Queries">Statements a page or login asked for (pg_stat_statements' calls), without pool resets and transaction control.</param>
/// <param name="Resets">Npgsql's connection resets on reuse from its pool (DISCARD ALL, or its seven-statement batch when statements are prepared).</param>
/// <param name="Transactions">BEGIN / COMMIT / ROLLBACK.</param>
public sealed record StatementCount(double Queries, double Resets, double Transactions);

/// <summary>
/// Counts what PostgreSQL itself executed for a database (pg_stat_statements, loaded by bench/run.sh's
/// cluster): it sees the portal's and the peer's statements alike, and the connection resets that
/// neither application's own counters can.
/// </summary>
public sealed class StatementCounter(DatasetSeeder seeder)
{
    /// <summary>Set by <see cref="AvailableAsync"/>: false when the cluster was started without pg_stat_statements.</summary>
    public bool Enabled { get; private set; }

    /// <summary>The first statement of each kind of reset: one per reset.</summary>
    private static readonly string[] ResetMarkers = ["DISCARD ALL", "SET SESSION AUTHORIZATION DEFAULT"];

    /// <summary>The other statements of Npgsql's reset batch (counted with their reset, not as queries).</summary>
    private static readonly string[] ResetBatch =
        ["RESET ALL", "CLOSE ALL", "UNLISTEN *", "SELECT pg_advisory_unlock_all()", "DISCARD SEQUENCES", "DISCARD TEMP"];

    private static readonly string[] TransactionControl = ["BEGIN", "COMMIT", "ROLLBACK", "START TRANSACTION"];

    public async Task<bool> AvailableAsync()
    {
        try
        {
            await using var connection = await OpenAsync();
            await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
            await create.ExecuteNonQueryAsync();
            await using var probe = new NpgsqlCommand("SELECT count(*) FROM pg_stat_statements", connection);
            await probe.ExecuteScalarAsync();
            return Enabled = true;
        }
        catch (PostgresException)
        {
            return Enabled = false;
        }
    }

    /// <summary>Runs <paramref name="requests"/> times what <paramref name="send"/> does and returns the statements per request.</summary>
    public async Task<StatementCount> PerRequestAsync(string database, int requests, Func<Task> send)
    {
        await using var connection = await OpenAsync();
        await using (var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection))
        {
            await reset.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < requests; i++)
        {
            await send();
        }

        await using var read = new NpgsqlCommand(
            "SELECT s.query, s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = @database",
            connection);
        read.Parameters.AddWithValue("database", database);
        long queries = 0, resets = 0, transactions = 0;
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var query = reader.GetString(0).Trim().TrimEnd(';');
            var calls = reader.GetInt64(1);
            if (ResetMarkers.Any(m => query.StartsWith(m, StringComparison.OrdinalIgnoreCase)))
            {
                resets += calls;
            }
            else if (ResetBatch.Any(m => query.Equals(m, StringComparison.OrdinalIgnoreCase)))
            {
                // Part of a reset already counted.
            }
            else if (TransactionControl.Any(m => query.StartsWith(m, StringComparison.OrdinalIgnoreCase)))
            {
                transactions += calls;
            }
            else
            {
                queries += calls;
            }
        }

        return new StatementCount((double)queries / requests, (double)resets / requests, (double)transactions / requests);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(seeder.ConnectionString("postgres"));
        await connection.OpenAsync();
        return connection;
    }
}
