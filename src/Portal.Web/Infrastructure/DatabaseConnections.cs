using Npgsql;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The portal's two connection strings. <c>ConnectionStrings:Portal</c> carries every request (it may
/// go through a pooler such as PgBouncer, and may name several hosts:
/// <c>Host=a:5432,b:5432;Target Session Attributes=primary</c>). <c>ConnectionStrings:PortalDirect</c>,
/// when set, reaches PostgreSQL itself, for what needs a session of its own: the LISTEN connection of
/// session revocations and the migrations at start-up. <c>Database:TransactionPooling=true</c> says
/// the main one goes through a pooler in transaction mode (PgBouncer 1.18), which carries neither
/// prepared statements nor the <c>options</c> startup parameter.
/// </summary>
public static class DatabaseConnections
{
    public const string TransactionPoolingKey = "Database:TransactionPooling";

    /// <summary>
    /// Seconds a host's role (primary or standby) is believed before it is asked again. Npgsql's 10
    /// would leave a promoted standby unused for up to 10 s after a failover; 2 s is one cheap check.
    /// </summary>
    public const int MultiHostRecheckSeconds = 2;

    public static bool TransactionPooling(IConfiguration configuration) => configuration.GetValue(TransactionPoolingKey, false);

    /// <summary>
    /// The configured connection string, plus automatic preparation unless it sets its own: every
    /// request runs the same handful of statements, so each connection prepares them once and
    /// PostgreSQL stops parsing and planning them again (the benchmark showed that work as about half
    /// of a page's database time). And unless it passes its own server options, the planner is told
    /// that a random page read costs little more than a sequential one (random_page_cost 1.1, what
    /// PostgreSQL's documentation suggests for SSDs and data that stays cached): with the default of
    /// 4, meant for spinning disks, it read all 20,000 users to list an office's 500 members instead
    /// of looking up those 500 (the benchmark's admin users page, 3.6× slower in PostgreSQL).
    /// Unless it says otherwise, a connection going back to Npgsql's pool is not reset: EF Core opens
    /// and closes a pooled connection around every query, and with prepared statements each reuse sent
    /// a seven-statement reset batch (SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN
    /// *; …) — about 13 per login, most of PostgreSQL's CPU beyond the queries. The portal leaves no
    /// session state on a pooled connection to reset: no SET (server options come with the connection
    /// string), no temporary tables, no advisory locks, and LISTEN runs on an unpooled direct connection
    /// of its own (SessionRevocationListener); Npgsql still rolls back a transaction left open on close.
    /// Through a transaction pooler neither preparation nor options are sent (set random_page_cost on
    /// the database instead), and no reset either: the pooler's server connection is not ours to reset.
    /// </summary>
    public static string? ForRequests(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Portal");
        if (string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var builder = WithFailover(new NpgsqlConnectionStringBuilder(configured));
        if (TransactionPooling(configuration))
        {
            // A server connection serves another client after each transaction: a statement prepared
            // on it, or a session reset sent to it, would land on someone else's.
            builder.MaxAutoPrepare = 0;
            builder.NoResetOnClose = true;
            return builder.ConnectionString;
        }

        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c random_page_cost=1.1";
        }

        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists, not whether it is set.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// A connection to PostgreSQL itself, never through a pooler: <c>PortalDirect</c>, or the main
    /// connection string when it is not set. Always to the primary (NOTIFY reaches only the listeners
    /// of the server it runs on, and a standby cannot migrate).
    /// </summary>
    public static string Direct(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("PortalDirect");
        if (string.IsNullOrEmpty(configured))
        {
            configured = configuration.GetConnectionString("Portal");
        }

        var builder = WithFailover(new NpgsqlConnectionStringBuilder(configured ?? ""));
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true)
        {
            builder.TargetSessionAttributes = "primary";
        }

        return builder.ConnectionString;
    }

    private static NpgsqlConnectionStringBuilder WithFailover(NpgsqlConnectionStringBuilder builder)
    {
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true && builder.HostRecheckSeconds == 10)
        {
            builder.HostRecheckSeconds = MultiHostRecheckSeconds;
        }

        return builder;
    }
}
