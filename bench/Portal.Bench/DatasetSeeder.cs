using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.DataProtection;
using Portal.Core.Mfa;

namespace Portal.Bench;

/// <summary>
/// Generates the benchmark dataset into a fresh database: the portal's own migrations build the
/// schema, then every table is filled with Npgsql's binary COPY (a generator, not a dump).
/// Identity's PBKDF2 is far too slow to run 20,000 times, so one password is hashed once with the
/// portal's hasher at its iteration count and that hash is given to every user.
/// </summary>
public sealed class DatasetSeeder(string serverConnectionString)
{
    private static readonly (string Slug, string Name)[] Software =
        [("exact-online", "Exact Online"), ("yuki", "Yuki"), ("twinfield", "Twinfield"), ("octopus", "Octopus")];

    private static readonly string[] Surnames =
    [
        "Janssens", "Peeters", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
        "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Dekker", "Brouwer",
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Lambert", "Dupont", "Renard", "Lemaire",
    ];

    private static readonly string[] Trades =
    [
        "Bakkerij", "Transport", "Bouw", "Installaties", "Consultancy", "Logistiek", "Dakwerken", "Apotheek", "Elektriciteit",
        "Architecten", "Catering", "Makelaardij", "Fysiotherapie", "Drukkerij", "Menuiserie", "Garage", "Fleurs", "Keukens",
    ];

    /// <summary>The audit log spans a year.</summary>
    private const int AuditDays = 365;

    private static readonly string[] AuditTypes =
    [
        "login.succeeded", "login.succeeded", "login.succeeded", "logout", "login.failed", "client.updated", "client.created",
        "password.changed", "password.reset_requested",
    ];

    /// <summary>Drops and recreates the database, migrates it and fills it.</summary>
    public async Task<SeededDataset> SeedAsync(DatasetPlan plan, string database, string passwordHash)
    {
        var watch = Stopwatch.StartNew();
        await RecreateDatabaseAsync(database);
        var connectionString = ConnectionString(database);
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql(connectionString)
            .Options;
        await using (var db = new PortalDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        var phases = new List<string> { $"schema {watch.Elapsed.TotalSeconds:0.0} s" };
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var random = new Random(2026);
            var now = DateTimeOffset.UtcNow;
            var phase = Stopwatch.StartNew();
            var organisations = await CopyOrganisationsAsync(connection, plan, now);
            var users = await CopyUsersAsync(connection, plan, passwordHash, now);
            await CopyMembershipsAsync(connection, plan, organisations, users, now);
            var environments = await CopyEnvironmentsAsync(connection, organisations);
            await CopyAuthenticatorsAsync(connection, connectionString, plan, users, now);
            phases.Add($"organisations, users, memberships, environments, authenticators {phase.Elapsed.TotalSeconds:0.0} s");
            phase.Restart();
            await WithoutSecondaryIndexesAsync(connection, "Clients", () => CopyClientsAsync(connection, plan, environments, random, now));
            phases.Add($"clients {phase.Elapsed.TotalSeconds:0.0} s");
            phase.Restart();
            await CreateAuditPartitionsAsync(connection, now);
            await WithoutSecondaryIndexesAsync(connection, "AuditEvents", async () =>
            {
                await InsertLargeOfficeEventsAsync(connection, plan, organisations[0], users, now);
                await CopyAuditEventsAsync(connection, plan, organisations, users, random, now);
            });
            phases.Add($"audit events {phase.Elapsed.TotalSeconds:0.0} s");
            phase.Restart();
            // What autovacuum would have done on a live system: statistics for the planner and the
            // visibility map that index-only scans need.
            await ExecuteAsync(connection, "VACUUM (ANALYZE)");
            phases.Add($"vacuum and analyze {phase.Elapsed.TotalSeconds:0.0} s");
        }

        NpgsqlConnection.ClearAllPools();
        return new SeededDataset(plan, database, watch.Elapsed, string.Join(", ", phases));
    }

    /// <summary>One PBKDF2 hash by the portal's own hasher, at the portal's iteration count.</summary>
    public static string HashPassword(string password) =>
        Hasher().HashPassword(new PortalUser(), password);

    public static PasswordHasher<PortalUser> Hasher() =>
        new(Options.Create(new PasswordHasherOptions { IterationCount = PasswordLogin.PasswordHashIterations }));

    public async Task<string> ServerVersionAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;

    public async Task RecreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"CREATE DATABASE \"{database}\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Fills a big table with its secondary indexes dropped, then builds them again as the migrations
    /// defined them: one sorted build is several times faster than a million index insertions.
    /// </summary>
    private static async Task WithoutSecondaryIndexesAsync(NpgsqlConnection connection, string table, Func<Task> copy)
    {
        var definitions = new List<(string Name, string Sql)>();
        await using (var query = new NpgsqlCommand(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = @table " +
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", connection))
        {
            query.Parameters.AddWithValue("table", table);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        await copy();
        await ExecuteAsync(connection, "SET maintenance_work_mem = '256MB'");
        foreach (var (_, sql) in definitions)
        {
            // A partitioned table's index reads "ON ONLY" in pg_indexes; built on the table, it is built on every partition.
            await ExecuteAsync(connection, sql.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Guid[]> CopyOrganisationsAsync(NpgsqlConnection connection, DatasetPlan plan, DateTimeOffset now)
    {
        var ids = new Guid[plan.Organisations];
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Organisations" ("Id", "Name", "Slug", "RegistryNumber", "CreatedAt", "RequireMfa", "RequirePasskeys") FROM STDIN (FORMAT BINARY)""");
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Guid.CreateVersion7();
            await writer.StartRowAsync();
            await writer.WriteAsync(ids[i], NpgsqlDbType.Uuid);
            await writer.WriteAsync($"Office {i:D4} Accountancy", NpgsqlDbType.Varchar);
            await writer.WriteAsync($"office-{i:D4}", NpgsqlDbType.Varchar);
            await writer.WriteAsync($"BE0{400_000_000 + i:D9}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(now.AddDays(-1_000 + (i % 900)), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
        }

        await writer.CompleteAsync();
        return ids;
    }

    private static async Task<(Guid Id, string Email)[]> CopyUsersAsync(
        NpgsqlConnection connection, DatasetPlan plan, string passwordHash, DateTimeOffset now)
    {
        var users = new (Guid Id, string Email)[plan.Users];
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            COPY "AspNetUsers" ("Id", "DisplayName", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
                "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled",
                "LockoutEnabled", "AccessFailedCount") FROM STDIN (FORMAT BINARY)
            """);
        for (var i = 0; i < users.Length; i++)
        {
            var email = SeededDataset.Email(i);
            users[i] = (Guid.CreateVersion7(), email);
            await writer.StartRowAsync();
            await writer.WriteAsync(users[i].Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync($"{Surnames[i % Surnames.Length]} {i:D5}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(now.AddDays(-(i % 700)), NpgsqlDbType.TimestampTz);
            // As Identity stores them: UpperInvariantLookupNormalizer for the lookups, fresh stamps.
            await writer.WriteAsync(email, NpgsqlDbType.Varchar);
            await writer.WriteAsync(email.ToUpperInvariant(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(email, NpgsqlDbType.Varchar);
            await writer.WriteAsync(email.ToUpperInvariant(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean);
            await writer.WriteAsync(passwordHash, NpgsqlDbType.Text);
            await writer.WriteAsync(Guid.NewGuid().ToString("N").ToUpperInvariant(), NpgsqlDbType.Text);
            await writer.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Text);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(i >= plan.FirstSecondFactorUser, NpgsqlDbType.Boolean);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
        }

        await writer.CompleteAsync();
        return users;
    }

    /// <summary>
    /// The large office gets its members (the first ten admins); everyone else joins one other office
    /// (its first member is an admin there), and one user in ten a second one, so the switcher shows
    /// more than one organisation.
    /// </summary>
    private static async Task CopyMembershipsAsync(
        NpgsqlConnection connection, DatasetPlan plan, Guid[] organisations, (Guid Id, string Email)[] users, DateTimeOffset now)
    {
        var others = organisations.Length - 1;
        var hasAdmin = new bool[organisations.Length];
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Memberships" ("UserId", "OrganisationId", "Role", "CreatedAt") FROM STDIN (FORMAT BINARY)""");
        for (var i = 0; i < users.Length; i++)
        {
            if (i < plan.LargeOfficeMembers)
            {
                await WriteAsync(i, 0, i < SeededDataset.LargeOfficeAdmins);
                if (i % 5 == 0)
                {
                    await WriteAsync(i, 1 + (i % others), false);
                }

                continue;
            }

            var home = 1 + ((i - plan.LargeOfficeMembers) % others);
            await WriteAsync(i, home, !hasAdmin[home]);
            hasAdmin[home] = true;
            if (i % 10 == 0 && others > 1)
            {
                await WriteAsync(i, 1 + ((home - 1 + (others / 2)) % others), false);
            }
        }

        await writer.CompleteAsync();

        async Task WriteAsync(int user, int organisation, bool admin)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(users[user].Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(organisations[organisation], NpgsqlDbType.Uuid);
            await writer.WriteAsync(admin ? "Admin" : "Member", NpgsqlDbType.Varchar);
            await writer.WriteAsync(now.AddDays(-(user % 500)), NpgsqlDbType.TimestampTz);
        }
    }

    /// <summary>
    /// One authenticator app for each second-factor user, its secret encrypted the way the portal's
    /// enrolment does it: with Data Protection under the portal's purpose, on a key ring this creates in
    /// the benchmark database, where the portal (started afterwards) finds it.
    /// </summary>
    private static async Task CopyAuthenticatorsAsync(
        NpgsqlConnection connection, string connectionString, DatasetPlan plan, (Guid Id, string Email)[] users, DateTimeOffset now)
    {
        var services = new ServiceCollection();
        services.AddDbContext<PortalDbContext>(options => options.UseNpgsql(connectionString));
        // Identity's schema with the passkey table, as the portal registers it.
        services.Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        services.AddPortalDataProtection();
        await using var provider = services.BuildServiceProvider();
        var secrets = provider.GetDataProtector(AuthenticatorService.SecretPurpose);
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Authenticators" ("Id", "UserId", "Name", "ProtectedSecret", "CreatedAt") FROM STDIN (FORMAT BINARY)""");
        for (var i = plan.FirstSecondFactorUser; i < plan.Users; i++)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await writer.WriteAsync(users[i].Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync("Phone", NpgsqlDbType.Varchar);
            await writer.WriteAsync(secrets.Protect(Totp.ToBase32(SeededDataset.TotpSecret(i))), NpgsqlDbType.Text);
            await writer.WriteAsync(now.AddDays(-30), NpgsqlDbType.TimestampTz);
        }

        await writer.CompleteAsync();
    }

    /// <summary>Three per organisation; the large office's first one is <see cref="SeededDataset.LargeEnvironment"/>.</summary>
    private static async Task<Guid[]> CopyEnvironmentsAsync(NpgsqlConnection connection, Guid[] organisations)
    {
        var ids = new Guid[organisations.Length * DatasetPlan.EnvironmentsPerOrganisation];
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Environments" ("Id", "OrganisationId", "Name", "Slug", "Software") FROM STDIN (FORMAT BINARY)""");
        for (var o = 0; o < organisations.Length; o++)
        {
            for (var k = 0; k < DatasetPlan.EnvironmentsPerOrganisation; k++)
            {
                var (slug, name) = Software[(o + k) % Software.Length];
                var id = ids[(o * DatasetPlan.EnvironmentsPerOrganisation) + k] = Guid.CreateVersion7();
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(organisations[o], NpgsqlDbType.Uuid);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(slug, NpgsqlDbType.Varchar);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
            }
        }

        await writer.CompleteAsync();
        return ids;
    }

    /// <summary>The large environment gets its share; the rest is spread over every other environment.</summary>
    private static async Task CopyClientsAsync(
        NpgsqlConnection connection, DatasetPlan plan, Guid[] environments, Random random, DateTimeOffset now)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """COPY "Clients" ("Id", "EnvironmentId", "Name", "Number", "Status", "CreatedAt") FROM STDIN (FORMAT BINARY)""");
        for (var i = 0; i < plan.Clients; i++)
        {
            var environment = i < plan.LargeEnvironmentClients
                ? environments[0]
                : environments[1 + ((i - plan.LargeEnvironmentClients) % (environments.Length - 1))];
            var belgian = random.Next(3) > 0;
            var number = belgian
                ? $"BE0{random.Next(200, 999)}.{random.Next(1_000):D3}.{random.Next(1_000):D3}"
                : $"NL{random.Next(100_000_000, 999_999_999)}B01";
            var status = random.Next(20) switch
            {
                0 => "Inactive",
                1 or 2 => "Onboarding",
                _ => "Active",
            };
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await writer.WriteAsync(environment, NpgsqlDbType.Uuid);
            await writer.WriteAsync(
                $"{Trades[random.Next(Trades.Length)]} {Surnames[random.Next(Surnames.Length)]} {i.ToString(CultureInfo.InvariantCulture)} {(belgian ? "BV" : "B.V.")}",
                NpgsqlDbType.Varchar);
            await writer.WriteAsync(number, NpgsqlDbType.Varchar);
            await writer.WriteAsync(status, NpgsqlDbType.Varchar);
            await writer.WriteAsync(now.AddMinutes(-random.Next(1_000_000)), NpgsqlDbType.TimestampTz);
        }

        await writer.CompleteAsync();
    }

    /// <summary>
    /// The audit log's monthly partitions for the year of events and the months ahead (the portal's
    /// maintenance creates them likewise): events outside them would land in the default partition.
    /// </summary>
    private static async Task CreateAuditPartitionsAsync(NpgsqlConnection connection, DateTimeOffset now)
    {
        var month = AuditPartitions.MonthOf(now.AddDays(-AuditDays - 1));
        var last = AuditPartitions.MonthOf(now).AddMonths(AuditPartitions.AheadMonths);
        for (; month <= last; month = month.AddMonths(1))
        {
            var from = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await ExecuteAsync(connection,
                $"CREATE TABLE IF NOT EXISTS \"{AuditPartitions.Name(month)}\" PARTITION OF \"AuditEvents\" FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')");
        }
    }

    /// <summary>
    /// The large office's events, by its members, evenly over the year: written by PostgreSQL itself
    /// (generate_series), which takes seconds for millions of rows where sending them with COPY
    /// takes minutes.
    /// </summary>
    private static async Task InsertLargeOfficeEventsAsync(
        NpgsqlConnection connection, DatasetPlan plan, Guid office, (Guid Id, string Email)[] users, DateTimeOffset now)
    {
        var members = users.Take(plan.LargeOfficeMembers).ToArray();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO "AuditEvents" ("OccurredAt", "Type", "ActorUserId", "ActorEmail", "OrganisationId", "ClientAddress", "UserAgent")
            SELECT @now - make_interval(secs => g::double precision * @span / @count),
                (@types::text[])[1 + g % cardinality(@types::text[])],
                (@ids::uuid[])[1 + ((g::bigint * 7919) % cardinality(@ids::uuid[]))::int],
                (@emails::text[])[1 + ((g::bigint * 7919) % cardinality(@ids::uuid[]))::int],
                @office,
                '10.' || (g % 256) || '.' || ((g / 256) % 256) || '.' || (1 + g % 254),
                'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0'
            FROM generate_series(1, @count) AS g
            """, connection)
        { CommandTimeout = 0 };
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("span", (double)AuditDays * 24 * 3600);
        command.Parameters.AddWithValue("count", plan.LargeOfficeAuditEvents);
        command.Parameters.AddWithValue("types", AuditTypes);
        command.Parameters.AddWithValue("ids", members.Select(m => m.Id).ToArray());
        command.Parameters.AddWithValue("emails", members.Select(m => m.Email).ToArray());
        command.Parameters.AddWithValue("office", office);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The events of the other offices and of no office, over the same year: four in five belong to
    /// another office and one in five to no office (logins happen before an office is chosen).
    /// </summary>
    private static async Task CopyAuditEventsAsync(
        NpgsqlConnection connection, DatasetPlan plan, Guid[] organisations, (Guid Id, string Email)[] users, Random random, DateTimeOffset now)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            COPY "AuditEvents" ("OccurredAt", "Type", "ActorUserId", "ActorEmail", "OrganisationId", "TargetUserId", "TargetEmail",
                "ClientAddress", "UserAgent", "Details") FROM STDIN (FORMAT BINARY)
            """);
        for (var i = plan.LargeOfficeAuditEvents; i < plan.AuditEvents; i++)
        {
            var actor = plan.LargeOfficeMembers + random.Next(plan.Users - plan.LargeOfficeMembers);
            Guid? organisation = random.Next(5) == 0 ? null : organisations[1 + random.Next(organisations.Length - 1)];

            var type = AuditTypes[random.Next(AuditTypes.Length)];
            var target = type == "password.changed" ? actor : -1;
            await writer.StartRowAsync();
            await writer.WriteAsync(now.AddSeconds(-random.Next(AuditDays * 24 * 3600)), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(type, NpgsqlDbType.Varchar);
            await writer.WriteAsync(users[actor].Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(users[actor].Email, NpgsqlDbType.Varchar);
            await WriteNullableAsync(writer, organisation);
            await WriteNullableAsync(writer, target < 0 ? null : users[target].Id);
            await writer.WriteAsync(target < 0 ? null : users[target].Email, NpgsqlDbType.Varchar);
            await writer.WriteAsync($"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}", NpgsqlDbType.Varchar);
            await writer.WriteAsync("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", NpgsqlDbType.Varchar);
            await writer.WriteAsync(type.StartsWith("login", StringComparison.Ordinal) ? """{"method": "pwd"}""" : null, NpgsqlDbType.Jsonb);
        }

        await writer.CompleteAsync();
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, Guid? value)
    {
        if (value is { } id)
        {
            await writer.WriteAsync(id, NpgsqlDbType.Uuid);
        }
        else
        {
            await writer.WriteNullAsync();
        }
    }
}
