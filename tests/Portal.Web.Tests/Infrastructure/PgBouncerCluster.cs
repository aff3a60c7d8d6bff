using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The two instances behind nginx again, this time with PgBouncer 1.18 (Debian's, which
/// scripts/test.sh installs) between them and PostgreSQL in transaction pooling mode, as operators
/// run it once instances multiply: requests go through PgBouncer with
/// <c>Database__TransactionPooling=true</c>; the LISTEN connection and migrations use
/// <c>ConnectionStrings__PortalDirect</c>. PgBouncer refuses to run as root: then it runs as postgres.
/// </summary>
public sealed class PgBouncerCluster : PortalCluster
{
    private static readonly string[] PgBouncerPaths = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"];

    private int _port;

    protected override IReadOnlyDictionary<string, string> DatabaseSettings(string database) => new Dictionary<string, string>
    {
        ["ConnectionStrings__Portal"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString(database))
        {
            Host = "127.0.0.1",
            Port = _port,
        }.ConnectionString,
        ["ConnectionStrings__PortalDirect"] = TestDatabase.ConnectionString(database),
        ["Database__TransactionPooling"] = "true",
    };

    protected override async Task BeforeInstancesAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        _port = FreePort();
        var users = Path.Combine(Root, "pgbouncer-users.txt");
        await File.WriteAllTextAsync(users, $"\"{server.Username}\" \"\"\n");
        var config = Path.Combine(Root, "pgbouncer.ini");
        await File.WriteAllTextAsync(config, $"""
            [databases]
            * = host={server.Host} port={server.Port}
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {_port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {users}
            pool_mode = transaction
            max_client_conn = 400
            default_pool_size = 20
            ignore_startup_parameters = extra_float_digits
            """);
        var path = PgBouncerPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("pgbouncer is not installed (scripts/test.sh installs it)");
        var start = Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", path, config])
            : new ProcessStartInfo(path, [config]);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var process = Track(Process.Start(start)!);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", _port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }
}
