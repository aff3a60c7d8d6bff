using System.Globalization;
using System.Text;

namespace Portal.Bench;

/// <summary>
/// The table (markdown) and its record in docs/benchmarks.md. Every figure comes from the run; the
/// targets are the issue's, as ratios so that they hold on any machine.
/// </summary>
public sealed class Report(BenchResults results)
{
    public const string Begin = "<!-- bench:begin (written by bench/run.sh; edit outside these markers) -->";
    public const string End = "<!-- bench:end -->";

    public const double LoginShareOfPbkdf2 = 0.90;
    public const double MaxP99Milliseconds = 100;
    public const int MaxSqlRoundTrips = 3;
    public const double MaxSizeLatencyRatio = 1.2;
    public const double MaxResidentMegabytes = 250;
    public const double MaxColdStartSeconds = 3;

    private const string NotBuilt = "n/a (page not built yet)";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly List<Row> _rows = [];

    /// <summary>The markdown table, numbered rows.</summary>
    public string Table()
    {
        if (_rows.Count == 0)
        {
            BuildRows();
        }

        var table = new StringBuilder();
        table.AppendLine("| # | Measure | Result | Compared with | Ratio | Target | Met |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < _rows.Count; i++)
        {
            var r = _rows[i];
            table.AppendLine(Invariant, $"| {i + 1} | {r.Measure} | {r.Result} | {r.ComparedWith} | {r.Ratio} | {r.Target} | {Verdict(r.Met)} |");
        }

        var paired = PeerReport.Table(results);
        if (paired.Length > 0)
        {
            table.AppendLine();
            table.AppendLine("**Against the stock Identity template** (same run, same PostgreSQL, alternating runs, each side's median):");
            table.AppendLine();
            table.Append(paired);
        }

        return table.ToString();
    }

    /// <summary>The run's facts, the table and the targets' tally: what goes between the document's markers.</summary>
    public string Section()
    {
        var table = Table();
        var full = results.Full;
        var small = results.Small;
        var machine = results.Machine;
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"- **Date:** {results.StartedAt:yyyy-MM-dd HH:mm} UTC; the run took {Minutes(results.WallTime)}");
        text.AppendLine(Invariant, $"- **Command:** `{results.Command}`");
        text.AppendLine(Invariant, $"- **Machine:** {machine.Cores} cores (nproc), {machine.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB memory (/proc/meminfo), {machine.Cpu}; {machine.Runtime}, PostgreSQL {results.PostgresVersion}");
        text.AppendLine(Invariant, $"- **Load average** (1, 5, 15 min) at the start: {machine.LoadAverage}; at the end: {results.LoadAverageAfter} (the machine's other work competes for the same cores)");
        text.AppendLine(Invariant, $"- **Datasets** (generated, binary COPY): {full.Plan.Label}: {full.Plan.Describe()}, seeded in {full.SeedTime.TotalSeconds:0.0} s; {small.Plan.Label}: {small.Plan.Describe()}, seeded in {small.SeedTime.TotalSeconds:0.0} s");
        text.AppendLine(Invariant, $"- **Load:** wrk, {results.Machine.Cores} threads, {Scenarios.PageConnections} connections for pages, {(full.Login?.Connections ?? 0)} for logins; each row warmed up first (pages until their CPU per request settles, as the runtime recompiles hot code optimised), then measured for {results.RowSeconds} s");
        text.AppendLine();
        text.Append(table);
        text.AppendLine();
        var verdicts = _rows.Select(r => r.Met).Concat(PeerReport.Rows(results).Select(r => r.Met)).Where(m => m is not null).ToList();
        text.AppendLine(Invariant, $"Targets met: {verdicts.Count(m => m == true)} of {verdicts.Count}.");
        foreach (var problem in results.Problems)
        {
            text.AppendLine(Invariant, $"\n**Problem:** {problem}");
        }

        return text.ToString();
    }

    /// <summary>Replaces the section between the markers, keeping the hand-written analysis around it.</summary>
    public Task WriteDocumentAsync(string path) => WriteDocumentAsync(path, Begin, End, Section());

    /// <summary>Replaces what lies between <paramref name="begin"/> and <paramref name="end"/> in the document with <paramref name="section"/>.</summary>
    public static async Task WriteDocumentAsync(string path, string begin, string end, string section)
    {
        var document = File.Exists(path)
            ? await File.ReadAllTextAsync(path)
            : "# Benchmarks\n\n" + begin + "\n" + end + "\n";
        var from = document.IndexOf(begin, StringComparison.Ordinal);
        var to = document.IndexOf(end, StringComparison.Ordinal);
        if (from < 0 || to < from)
        {
            throw new InvalidOperationException($"{path} lacks the markers {begin} … {end}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, document[..from] + begin + "\n" + section + end + document[(to + end.Length)..]);
    }

    private void BuildRows()
    {
        var full = results.Full;
        if (full.Login is { } login)
        {
            var share = login.PerSecond / login.Pbkdf2PerSecond;
            var loginCpu = login.Cpu.PortalMilliseconds + login.Cpu.DatabaseMilliseconds;
            _rows.Add(new(
                $"Password login (valid credentials), {login.Connections} connections",
                $"{login.PerSecond:N1} logins/s · p50 {Ms(login.Load.P50Milliseconds)} · p99 {Ms(login.Load.P99Milliseconds)} · {Sql(login.SqlRoundTrips)} · "
                    + string.Create(Invariant, $"CPU per login {loginCpu:0.0} ms (PBKDF2's share: {login.Pbkdf2CpuMilliseconds / loginCpu * 100:0} %)"),
                $"raw PBKDF2-HMAC-SHA512 ×{Portal.Core.Accounts.PasswordLogin.PasswordHashIterations:N0} on {login.Connections} threads (mean of before and after): "
                    + string.Create(Invariant, $"{login.Pbkdf2PerSecond:N1} verifications/s, {login.Pbkdf2CpuMilliseconds:0.0} ms CPU each"),
                Percent(share),
                $"≥ {LoginShareOfPbkdf2:P0}",
                share >= LoginShareOfPbkdf2));
        }

        if (full.SecondFactor is { } step)
        {
            _rows.Add(new(
                $"Second-factor step (valid TOTP) after the password, {step.Connections} connections",
                $"{step.Load.RequestsPerSecond:N0} steps/s · p50 {Ms(step.Load.P50Milliseconds)} · p99 {Ms(step.Load.P99Milliseconds)} · {Sql(step.SqlRoundTrips)} · " + string.Create(Invariant, $"server time (CPU per step): portal {step.Cpu.PortalMilliseconds:0.00} ms, PostgreSQL {step.Cpu.DatabaseMilliseconds:0.00} ms"),
                full.Login is { } l ? string.Create(Invariant, $"password login: {l.PerSecond:N1} logins/s") : "",
                "", "", null));
        }

        var bare = full.Bare?.Load;
        if (full.Bare is { } b)
        {
            _rows.Add(new(
                $"Bare authenticated endpoint `GET {Scenarios.BareEndpoint}`, {Scenarios.PageConnections} connections",
                $"{b.Load.RequestsPerSecond:N0} req/s · p50 {Ms(b.Load.P50Milliseconds)} · p99 {Ms(b.Load.P99Milliseconds)} · {Sql(b.SqlRoundTrips)} · {Cpu(b.Cpu)}",
                "", "", "", null));
        }

        foreach (var page in full.Pages)
        {
            var small = results.Small.Pages.FirstOrDefault(p => p.Path == page.Path);
            AddPageRows(page, small, bare);
        }

        var peak = full.PeakMemory;
        _rows.Add(new(
            "Resident memory of the portal under load (peak VmRSS)",
            peak is null ? "?" : $"{Megabytes(peak.Bytes)} MB (during: {peak.Row})",
            string.Join(", ", (full.Memory ?? []).Select(m => $"{m.Row} {Megabytes(m.Bytes)} MB")),
            "", $"< {MaxResidentMegabytes:0} MB",
            peak is null ? null : peak.Bytes / (1024.0 * 1024) < MaxResidentMegabytes));
        _rows.Add(new(
            "Cold start: process start to the first 200 from the login page" + (results.Smoke ? "" : " (median of 3)"),
            $"{full.ColdStart.TotalSeconds:0.00} s",
            $"{results.Small.Plan.Label} dataset: {results.Small.ColdStart.TotalSeconds:0.00} s",
            "", $"< {MaxColdStartSeconds:0} s",
            full.ColdStart.TotalSeconds < MaxColdStartSeconds));
    }

    private void AddPageRows(PageMeasurement page, PageMeasurement? small, LoadResult? bare)
    {
        var name = $"{page.Name} ({page.Detail})";
        if (!page.Built)
        {
            _rows.Add(new($"{page.Name} (`{page.Path}`, {page.Detail})", NotBuilt, "", "", "", null));
            return;
        }

        if (page.Load is not { } load)
        {
            _rows.Add(new(name, "not measured (see the problems below)", "", "", "", false));
            return;
        }

        var share = bare is null ? (double?)null : load.RequestsPerSecond / bare.RequestsPerSecond;
        _rows.Add(new(
            $"{name}, {Scenarios.PageConnections} connections: throughput",
            $"{load.RequestsPerSecond:N0} req/s · p50 {Ms(load.P50Milliseconds)} · {Cpu(page.Cpu)}",
            bare is null ? "" : $"bare endpoint: {bare.RequestsPerSecond:N0} req/s",
            share is null ? "" : Percent(share.Value),
            "", null));
        _rows.Add(new(
            $"{page.Name}: p99 latency at {Scenarios.PageConnections} connections",
            Ms(load.P99Milliseconds), "", "", $"< {MaxP99Milliseconds:0} ms",
            load.P99Milliseconds < MaxP99Milliseconds));
        _rows.Add(new(
            $"{page.Name}: SQL round trips per request",
            page.SqlRoundTrips?.ToString(Invariant) ?? "?",
            small?.Load is null ? "" : $"1 %: {small.SqlRoundTrips?.ToString(Invariant) ?? "?"}",
            "", $"≤ {MaxSqlRoundTrips}",
            page.SqlRoundTrips <= MaxSqlRoundTrips && (small?.Load is null || small.SqlRoundTrips <= MaxSqlRoundTrips)));
        if (page.Comparison is { } c)
        {
            _rows.Add(new(
                $"{page.Name}: latency at full size vs 1 % ({small?.Detail}), {c.Rounds} alternating run{(c.Rounds == 1 ? "" : "s")} each",
                string.Create(Invariant, $"p50 {Ms(c.FullP50Milliseconds)} · CPU per request {Total(c.FullCpu):0.00} ms"),
                string.Create(Invariant, $"1 %: p50 {Ms(c.SmallP50Milliseconds)} · CPU per request {Total(c.SmallCpu):0.00} ms"),
                string.Create(Invariant, $"{c.Ratio:0.00}×"),
                $"≤ {MaxSizeLatencyRatio:0.0}×",
                c.Ratio <= MaxSizeLatencyRatio));
        }
    }

    private static string Verdict(bool? met) => met switch
    {
        true => "met",
        false => "**not met**",
        null => "",
    };

    private static double Total(CpuPerRequest cpu) => cpu.PortalMilliseconds + cpu.DatabaseMilliseconds;

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", Invariant);

    private static string Ms(double milliseconds) => string.Create(Invariant, $"{milliseconds:0.0} ms");

    private static string Percent(double share) => string.Create(Invariant, $"{share * 100:0} %");

    private static string Cpu(CpuPerRequest? cpu) => cpu is null
        ? ""
        : string.Create(Invariant, $"CPU per request: portal {cpu.PortalMilliseconds:0.00} ms, PostgreSQL {cpu.DatabaseMilliseconds:0.00} ms");

    private static string Sql(int? count) => count is null ? "? SQL" : string.Create(Invariant, $"{count} SQL");

    private static string Minutes(TimeSpan time) => time.TotalMinutes >= 1
        ? string.Create(Invariant, $"{(int)time.TotalMinutes} min {time.Seconds} s")
        : string.Create(Invariant, $"{time.TotalSeconds:0} s");

    private sealed record Row(string Measure, string Result, string ComparedWith, string Ratio, string Target, bool? Met);
}
