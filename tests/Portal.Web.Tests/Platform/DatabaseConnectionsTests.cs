using Microsoft.Extensions.Configuration;
using Npgsql;
using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Errors;

namespace Portal.Web.Tests.Platform;

/// <summary>The connection strings the portal derives from its configuration (docs/reliability.md, README "Deployment").</summary>
public sealed class DatabaseConnectionsTests
{
    private const string MultiHost = "Host=db1:5432,db2:5432;Target Session Attributes=primary;Username=portal;Database=portal";

    [Fact]
    public void Direct_postgresql_gets_automatic_preparation_and_the_planner_setting()
    {
        var built = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(("ConnectionStrings:Portal", "Host=db;Database=portal"))));

        Assert.Equal(64, built.MaxAutoPrepare);
        Assert.Equal("-c random_page_cost=1.1", built.Options);
        Assert.True(built.NoResetOnClose);
    }

    [Fact]
    public void The_session_reset_is_skipped_unless_the_string_asks_for_it_and_never_on_the_direct_connection()
    {
        var own = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(("ConnectionStrings:Portal", "Host=db;Database=portal;No Reset On Close=false"))));
        var pooled = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(
            ("ConnectionStrings:Portal", "Host=pgbouncer;Port=6432;Database=portal;No Reset On Close=false"), (DatabaseConnections.TransactionPoolingKey, "true"))));
        // The LISTEN connection and the migrations: PostgreSQL's own session, reset as Npgsql does by default.
        var direct = new NpgsqlConnectionStringBuilder(DatabaseConnections.Direct(Configuration(("ConnectionStrings:Portal", "Host=db;Database=portal"))));

        Assert.False(own.NoResetOnClose);
        Assert.True(pooled.NoResetOnClose);
        Assert.False(direct.NoResetOnClose);
    }

    [Fact]
    public void Through_a_transaction_pooler_nothing_is_prepared_reset_or_sent_as_a_startup_option()
    {
        var built = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(
            ("ConnectionStrings:Portal", "Host=pgbouncer;Port=6432;Database=portal"), (DatabaseConnections.TransactionPoolingKey, "true"))));

        Assert.Equal(0, built.MaxAutoPrepare);
        Assert.True(built.NoResetOnClose);
        Assert.True(string.IsNullOrEmpty(built.Options));
    }

    [Fact]
    public void Several_hosts_are_rechecked_every_two_seconds_unless_the_string_says_otherwise()
    {
        var built = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(("ConnectionStrings:Portal", MultiHost))));
        var own = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(("ConnectionStrings:Portal", MultiHost + ";Host Recheck Seconds=5"))));
        var single = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(("ConnectionStrings:Portal", "Host=db;Database=portal"))));

        Assert.Equal(DatabaseConnections.MultiHostRecheckSeconds, built.HostRecheckSeconds);
        Assert.Equal(5, own.HostRecheckSeconds);
        Assert.Equal(10, single.HostRecheckSeconds);
    }

    [Fact]
    public void The_direct_connection_is_PortalDirect_or_else_the_main_one_and_always_the_primary()
    {
        var direct = new NpgsqlConnectionStringBuilder(DatabaseConnections.Direct(Configuration(
            ("ConnectionStrings:Portal", "Host=pgbouncer;Port=6432;Database=portal"),
            ("ConnectionStrings:PortalDirect", "Host=db1,db2;Database=portal"))));
        var fallback = new NpgsqlConnectionStringBuilder(DatabaseConnections.Direct(Configuration(("ConnectionStrings:Portal", "Host=db1,db2;Database=portal"))));

        Assert.Equal("db1,db2", direct.Host);
        Assert.Equal("primary", direct.TargetSessionAttributes);
        Assert.Equal("db1,db2", fallback.Host);
        Assert.Equal("primary", fallback.TargetSessionAttributes);
    }

    [Fact]
    public void No_suitable_host_is_an_outage_and_a_server_error_is_not()
    {
        Assert.True(DatabaseFaults.IsUnavailable(new NpgsqlException("No suitable host was found.")));
        Assert.True(DatabaseFaults.IsUnavailable(new InvalidOperationException("wrapped", new NpgsqlException("Unable to connect to a suitable host.", new AggregateException()))));
        Assert.False(DatabaseFaults.IsUnavailable(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseFaults.IsUnavailable(new InvalidOperationException("a bug")));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
