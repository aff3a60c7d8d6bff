using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// Two private PostgreSQL clusters on loopback: a primary and a standby made from it with
/// <c>pg_basebackup -R</c>, streaming synchronously (<c>synchronous_standby_names = '*'</c>, so a
/// commit is acknowledged only once the standby has it, as Patroni's synchronous mode does). A test
/// kills the primary with SIGKILL and promotes the standby with <c>pg_ctl promote</c>: a failover
/// without the failover manager. As root, PostgreSQL's tools run as the postgres user.
/// </summary>
public sealed class ReplicatedPostgres
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-replicated-" + Guid.NewGuid().ToString("N")[..8]);

    public int PrimaryPort { get; } = FreePort();

    public int StandbyPort { get; } = FreePort();

    private string PrimaryDir => Path.Combine(_root, "primary");

    private string StandbyDir => Path.Combine(_root, "standby");

    /// <summary>Both hosts, the primary wanted: what the portal is given.</summary>
    public string MultiHost(string database) =>
        $"Host=127.0.0.1:{PrimaryPort},127.0.0.1:{StandbyPort};Target Session Attributes=primary;Username=postgres;Database={database};Timeout=3";

    public string Standby(string database) => $"Host=127.0.0.1;Port={StandbyPort};Username=postgres;Database={database};Timeout=3";

    public string Primary(string database) => $"Host=127.0.0.1;Port={PrimaryPort};Username=postgres;Database={database};Timeout=3";

    /// <summary>The primary alone first, so <paramref name="prepare"/> (migrations, seed) runs before the standby is copied.</summary>
    public async Task StartAsync(Func<Task> prepare)
    {
        Directory.CreateDirectory(_root);
        await OwnAsync(_root);
        await PgAsync("initdb", "-D", PrimaryDir, "--auth=trust", "-E", "UTF8", "--no-locale", "-U", "postgres");
        await StartClusterAsync(PrimaryDir, PrimaryPort);
        await prepare();
        await PgAsync("pg_basebackup", "-h", "127.0.0.1", "-p", Port(PrimaryPort), "-U", "postgres", "-D", StandbyDir, "-R", "-X", "stream", "-c", "fast");
        await StartClusterAsync(StandbyDir, StandbyPort);
        await PsqlAsync(PrimaryPort, "ALTER SYSTEM SET synchronous_standby_names = '*'");
        await PsqlAsync(PrimaryPort, "SELECT pg_reload_conf()");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await PsqlAsync(PrimaryPort, "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")).Trim() != "1")
        {
            Assert.True(DateTime.UtcNow < deadline, "The standby never became synchronous");
            await Task.Delay(200);
        }
    }

    /// <summary>The primary's machine dies: SIGKILL to the postmaster and every backend, no shutdown.</summary>
    public async Task KillPrimaryAsync()
    {
        var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(PrimaryDir, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
        var children = Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster)
            .ToList();
        foreach (var pid in children.Prepend(postmaster))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    public Task PromoteStandbyAsync() => PgAsync("pg_ctl", "promote", "-w", "-D", StandbyDir);

    public static Task<string> PsqlAsync(int port, string sql, string database = "postgres") =>
        PgAsync("psql", "-h", "127.0.0.1", "-p", Port(port), "-U", "postgres", "-d", database, "-tAc", sql);

    /// <summary>Stops what still runs and deletes both clusters.</summary>
    public async Task StopAsync()
    {
        foreach (var dir in new[] { StandbyDir, PrimaryDir }.Where(d => File.Exists(Path.Combine(d, "postmaster.pid"))))
        {
            try
            {
                await PgAsync("pg_ctl", "stop", "-m", "immediate", "-D", dir);
            }
            catch (Xunit.Sdk.XunitException)
            {
                // Killed by the test, its pid file left behind.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }

    private static async Task StartClusterAsync(string dir, int port) =>
        await PgAsync("pg_ctl", "start", "-w", "-D", dir, "-l", dir + ".log", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {dir} -c fsync=off -c full_page_writes=off -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on");

    private static async Task<string> PgAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(BinDirectory(), tool);
        var start = Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", path, .. arguments])
            : new ProcessStartInfo(path, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)}: {await error}");
        return await output;
    }

    private static async Task OwnAsync(string dir)
    {
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", ["postgres:postgres", dir])!;
            await chown.WaitForExitAsync();
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return status is null ? 0 : int.Parse(status[5..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static string BinDirectory() =>
        Environment.GetEnvironmentVariable("PORTAL_PG_BIN") is { Length: > 0 } bin
            ? bin
            : Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).First(Directory.Exists);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
