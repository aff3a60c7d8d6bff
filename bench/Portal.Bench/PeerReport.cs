using System.Globalization;
using System.Text;

namespace Portal.Bench;

/// <summary>
/// The paired table: the portal beside the stock Identity template, measured in the same run in
/// alternating runs. The targets are the performance issue's, all ratios or counts, so they hold on
/// any machine.
/// </summary>
public static class PeerReport
{
    public const double MaxAccountPageRatio = 1.0;
    public const double MaxEnvironmentHomeRatio = 1.0;
    public const double MaxLoginCpuOfPbkdf2 = 1.05;
    public const double MaxLoginDatabaseRatio = 1.5;
    public const double MaxResidentRatio = 0.8;
    public const double MaxColdStartRatio = 0.7;
    public const int MaxAccountPageSql = 2;
    public const int MaxEnvironmentHomeSql = 2;
    public const int MaxLoginSql = 6;

    public const string Header = "| # | Measure | Portal | Stock Identity template | Portal / peer | Target | Met |";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The rows, each with its verdict (null: no target).</summary>
    public static List<(string Measure, string Portal, string Peer, string Ratio, string Target, bool? Met)> Rows(BenchResults results)
    {
        var rows = new List<(string, string, string, string, string, bool?)>();
        if (results.Peer is not { } peer)
        {
            return rows;
        }

        foreach (var page in peer.Pages)
        {
            var (cpuTarget, sqlTarget) = page.PortalPath == PeerScenarios.PortalAccount
                ? (MaxAccountPageRatio, MaxAccountPageSql)
                : page.PortalPath.Contains("/e/", StringComparison.Ordinal) ? (MaxEnvironmentHomeRatio, MaxEnvironmentHomeSql) : ((double?)null, (int?)null);
            var ratio = page.Portal.TotalCpuMilliseconds / page.Peer.TotalCpuMilliseconds;
            rows.Add((
                $"{page.Name} (`{page.PortalPath}` against `{page.PeerPath}`): CPU per request, app + PostgreSQL",
                Cpu(page.Portal.Cpu), Cpu(page.Peer.Cpu), Times(ratio),
                cpuTarget is null ? "" : $"≤ {cpuTarget:0.0}×",
                cpuTarget is null ? null : ratio <= cpuTarget));
            rows.Add((
                $"{page.Name}: throughput and latency at {Scenarios.PageConnections} connections",
                Load(page.Portal.Load), Load(page.Peer.Load),
                Times(page.Portal.Load.RequestsPerSecond / page.Peer.Load.RequestsPerSecond) + " req/s", "", null));
            rows.Add((
                $"{page.Name}: SQL per request",
                $"{Count(page.PortalSqlRoundTrips)} round trips · {Statements(page.PortalStatements)}",
                Statements(page.PeerStatements), "",
                sqlTarget is null ? "" : $"≤ {sqlTarget} round trips",
                sqlTarget is null ? null : page.PortalSqlRoundTrips <= sqlTarget));
        }

        if (peer.Login is { } login)
        {
            var pbkdf2 = results.Full.Login?.Pbkdf2CpuMilliseconds;
            rows.Add((
                $"Password login (PBKDF2 ×210,000 on both), {login.Connections} connections: logins/s · p50 · p99",
                Load(login.Portal.Load, "logins/s"), Load(login.Peer.Load, "logins/s"),
                Times(login.Portal.Load.RequestsPerSecond / login.Peer.Load.RequestsPerSecond), "", null));
            var ofPbkdf2 = pbkdf2 is > 0 ? login.Portal.Cpu.PortalMilliseconds / pbkdf2.Value : (double?)null;
            rows.Add((
                "Password login: the server's CPU per login",
                Ms(login.Portal.Cpu.PortalMilliseconds) + (ofPbkdf2 is null ? "" : string.Create(Invariant, $" ({ofPbkdf2:0.00}× raw PBKDF2, {pbkdf2:0.0} ms)")),
                Ms(login.Peer.Cpu.PortalMilliseconds),
                Times(login.Portal.Cpu.PortalMilliseconds / login.Peer.Cpu.PortalMilliseconds),
                $"≤ {MaxLoginCpuOfPbkdf2:0.00}× raw PBKDF2",
                ofPbkdf2 is null ? null : ofPbkdf2 <= MaxLoginCpuOfPbkdf2));
            var database = login.Portal.Cpu.DatabaseMilliseconds / login.Peer.Cpu.DatabaseMilliseconds;
            rows.Add((
                "Password login: PostgreSQL's CPU per login",
                Ms(login.Portal.Cpu.DatabaseMilliseconds), Ms(login.Peer.Cpu.DatabaseMilliseconds), Times(database),
                $"≤ {MaxLoginDatabaseRatio:0.0}×", database <= MaxLoginDatabaseRatio));
            rows.Add((
                "Password login: SQL per login",
                $"{Count(login.PortalSqlRoundTrips)} round trips · {Statements(login.PortalStatements)}",
                Statements(login.PeerStatements), "",
                $"≤ {MaxLoginSql} round trips", login.PortalSqlRoundTrips <= MaxLoginSql));
        }

        if (results.Full.PeakMemory is { } memory && peer.PeerPeakResidentBytes > 0)
        {
            var ratio = (double)memory.Bytes / peer.PeerPeakResidentBytes;
            rows.Add((
                "Resident memory after load (peak VmRSS)",
                $"{Megabytes(memory.Bytes)} MiB (all rows)", $"{Megabytes(peer.PeerPeakResidentBytes)} MiB (its rows)", Times(ratio),
                $"≤ {MaxResidentRatio:0.0}×", ratio <= MaxResidentRatio));
        }

        if (peer.PeerColdStart > TimeSpan.Zero)
        {
            var ratio = results.Full.ColdStart / peer.PeerColdStart;
            rows.Add((
                "Cold start: process start to the first 200 from the login page" + (results.Smoke ? "" : " (median of 3)"),
                $"{results.Full.ColdStart.TotalSeconds:0.00} s", $"{peer.PeerColdStart.TotalSeconds:0.00} s", Times(ratio),
                $"≤ {MaxColdStartRatio:0.0}×", ratio <= MaxColdStartRatio));
        }

        return rows;
    }

    public static string Table(BenchResults results)
    {
        var rows = Rows(results);
        if (rows.Count == 0)
        {
            return "";
        }

        var table = new StringBuilder();
        table.AppendLine(Header);
        table.AppendLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            table.AppendLine(Invariant, $"| P{i + 1} | {r.Measure} | {r.Portal} | {r.Peer} | {r.Ratio} | {r.Target} | {Verdict(r.Met)} |");
        }

        return table.ToString();
    }

    private static string Verdict(bool? met) => met switch
    {
        true => "met",
        false => "**not met**",
        null => "",
    };

    private static string Cpu(CpuPerRequest cpu) =>
        string.Create(Invariant, $"{cpu.PortalMilliseconds + cpu.DatabaseMilliseconds:0.00} ms ({cpu.PortalMilliseconds:0.00} + {cpu.DatabaseMilliseconds:0.00})");

    private static string Load(LoadResult load, string unit = "req/s") =>
        string.Create(Invariant, $"{load.RequestsPerSecond:N0} {unit} · p50 {load.P50Milliseconds:0.0} ms · p99 {load.P99Milliseconds:0.0} ms");

    private static string Statements(StatementCount? count) => count is null
        ? "statements not counted"
        : string.Create(Invariant, $"{count.Queries:0.#} statements + {count.Resets:0.#} pool resets + {count.Transactions:0.#} BEGIN/COMMIT");

    private static string Count(int? count) => count?.ToString(Invariant) ?? "?";

    private static string Ms(double milliseconds) => string.Create(Invariant, $"{milliseconds:0.00} ms");

    /// <summary>A ratio; "n/a" where the peer's figure rounds to nothing (CPU is read in 10 ms ticks).</summary>
    private static string Times(double ratio) => double.IsFinite(ratio) ? string.Create(Invariant, $"{ratio:0.00}×") : "n/a";

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", Invariant);
}
