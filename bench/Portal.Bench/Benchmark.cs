using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace Portal.Bench;

/// <summary>
/// The run: seed the 1 % dataset and measure the pages on it, seed the full dataset and measure
/// everything on it (raw PBKDF2, logins, the second-factor step, the bare endpoint, the pages,
/// memory, cold start), then print the table and record it. Progress goes to stderr; the table to stdout.
/// The exit code is 0 when every row could be measured (targets missed are findings, not failures).
/// </summary>
public sealed class Benchmark(BenchOptions options, Machine machine, DatasetSeeder seeder, Wrk wrk, string passwordHash)
{
    private const int SqlProbes = 5;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<string> _problems = [];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var wall = Stopwatch.StartNew();
        var machine = Machine.Describe();
        Log($"Machine: {machine}; load average {machine.LoadAverage}");
        Directory.CreateDirectory(options.OutputDirectory);
        var seeder = new DatasetSeeder(options.ServerConnectionString);
        var hash = DatasetSeeder.HashPassword(SeededDataset.Password);
        var benchmark = new Benchmark(options, machine, seeder, new Wrk(Path.Combine(options.OutputDirectory, "wrk"), machine.Cores), hash);

        var small = await benchmark.MeasureAsync(options.SmallPlan, "small", everything: false);
        var full = await benchmark.MeasureAsync(options.FullPlan, "full", everything: true);

        var results = new BenchResults(
            options.Smoke,
            startedAt,
            wall.Elapsed,
            machine,
            Machine.LoadAverageNow(),
            await seeder.ServerVersionAsync(),
            options.Command,
            (int)options.Duration.TotalSeconds,
            full,
            small,
            benchmark._problems);
        var report = new Report(results);
        Console.WriteLine(report.Table());
        foreach (var problem in results.Problems)
        {
            Console.WriteLine($"Problem: {problem}");
        }

        var name = options.Smoke ? "smoke" : "results";
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, name + ".md"), report.Section());
        await File.WriteAllTextAsync(
            Path.Combine(options.OutputDirectory, name + ".json"),
            JsonSerializer.Serialize(results, Indented));
        if (options.DocumentPath is { } document)
        {
            await report.WriteDocumentAsync(document);
            Log($"Recorded in {document}");
        }

        Log($"Done in {wall.Elapsed.TotalSeconds:0} s");
        return results.Problems.Count == 0 ? 0 : 1;
    }

    private async Task<SizeMeasurement> MeasureAsync(DatasetPlan plan, string name, bool everything)
    {
        Log($"Seeding the {plan.Label} dataset: {plan.Describe()}");
        var dataset = await seeder.SeedAsync(plan, $"{options.DatabasePrefix}_{name}", passwordHash);
        Log($"  seeded in {dataset.SeedTime.TotalSeconds:0.0} s ({dataset.Phases})");
        var logFile = Path.Combine(options.OutputDirectory, $"portal-{name}.log");
        await using var portal = await PortalProcess.StartAsync(options, seeder.ConnectionString(dataset.Database), logFile);
        Log($"  portal ready in {portal.ColdStart.TotalSeconds:0.00} s at {portal.BaseAddress}");
        var browser = new PortalBrowser(portal.BaseAddress);
        // One session per wrk thread, each an admin of the large office.
        var visitors = new List<Visitor>();
        for (var i = 0; i < Math.Min(machine.Cores, SeededDataset.LargeOfficeAdmins); i++)
        {
            visitors.Add(await browser.SignInAsync(SeededDataset.Email(i), SeededDataset.Password));
        }

        var cpu = new CpuMeter(portal.ProcessId, dataset.Database);
        await WarmUpAsync(portal, browser, visitors, cpu);
        LoginMeasurement? login = null;
        BareMeasurement? bare = null;
        bool? secondFactorBuilt = null;
        var memory = new List<ResidentPeak>();
        portal.StartSampling();
        if (everything)
        {
            login = await MeasureLoginAsync(portal, browser, dataset, cpu);
            memory.Add(new("Password login", portal.TakePeakResidentBytes()));
            secondFactorBuilt = await ProbeSecondFactorAsync(browser);
            bare = await MeasureBareAsync(portal, browser, visitors, cpu);
            memory.Add(new("Bare endpoint", portal.TakePeakResidentBytes()));
        }

        var pages = new List<PageMeasurement>();
        foreach (var scenario in Scenarios.Pages)
        {
            var page = await MeasurePageAsync(portal, browser, visitors, scenario, plan, cpu);
            pages.Add(page);
            if (page.Load is not null)
            {
                memory.Add(new(scenario.Name, portal.TakePeakResidentBytes()));
            }
        }

        await portal.StopSamplingAsync();
        if (portal.HasExited)
        {
            _problems.Add($"The portal ({plan.Label}) exited during the run; see {portal.LogFile}");
        }

        var coldStart = portal.ColdStart;
        await portal.DisposeAsync();
        if (everything)
        {
            coldStart = await MedianColdStartAsync(dataset, coldStart);
        }

        return new SizeMeasurement(plan, dataset.SeedTime, coldStart, pages, login, secondFactorBuilt, bare, memory);
    }

    /// <summary>
    /// The median of this start and <see cref="BenchOptions.ExtraColdStarts"/> more on the same data:
    /// one start on a busy machine can land on a moment when the neighbours take every core.
    /// </summary>
    private async Task<TimeSpan> MedianColdStartAsync(SeededDataset dataset, TimeSpan first)
    {
        var starts = new List<TimeSpan> { first };
        for (var i = 0; i < options.ExtraColdStarts; i++)
        {
            var logFile = Path.Combine(options.OutputDirectory, $"portal-start-{i + 2}.log");
            await using var portal = await PortalProcess.StartAsync(options, seeder.ConnectionString(dataset.Database), logFile);
            starts.Add(portal.ColdStart);
        }

        Log($"Cold starts: {string.Join(", ", starts.Select(s => $"{s.TotalSeconds:0.00} s"))}");
        starts.Sort();
        return starts[starts.Count / 2];
    }

    /// <summary>
    /// Load on every signed-in endpoint before anything is measured, until its CPU per request
    /// settles: the runtime compiles hot code again, optimised, after it has run a while (tiered
    /// compilation), and on a busy machine that takes far longer than one row's own warm-up.
    /// </summary>
    private async Task WarmUpAsync(PortalProcess portal, PortalBrowser browser, List<Visitor> visitors, CpuMeter cpu)
    {
        var paths = new List<string> { Scenarios.BareEndpoint };
        foreach (var scenario in Scenarios.Pages)
        {
            if ((await browser.ProbeAsync(scenario.Path, visitors[0])).Status == HttpStatusCode.OK)
            {
                paths.Add(scenario.Path);
            }
        }

        foreach (var path in paths)
        {
            var rounds = new List<double>();
            do
            {
                var before = cpu.Take();
                var load = await wrk.GetAsync(new Uri(portal.BaseAddress, path), visitors, Scenarios.PageConnections, options.Warmup);
                var perRequest = CpuMeter.PerRequest(before, cpu.Take(), load.Requests);
                rounds.Add(perRequest.PortalMilliseconds + perRequest.DatabaseMilliseconds);
            }
            while (rounds.Count < options.MinWarmupRounds || (rounds.Count < options.MaxWarmupRounds && !Settled(rounds)));

            Log($"Warmed up {path}: CPU per request {string.Join(" → ", rounds.Select(r => $"{r:0.00}"))} ms");
        }
    }

    /// <summary>Two rounds in a row within 10 % of each other.</summary>
    private static bool Settled(List<double> rounds) =>
        rounds.Count >= 2 && Math.Abs(rounds[^1] - rounds[^2]) <= 0.1 * rounds[^2];

    /// <summary>
    /// Logins take a large fraction of a second each, so a 10-second run spends a noticeable part of
    /// it filling the pipeline, and ends with logins still in flight. The rate is therefore taken from
    /// the portal's own record (the login.succeeded audit events, stamped as each login completes)
    /// between the first and the last completion of the run, and the CPU per login over the run plus
    /// the draining of the logins left in flight, divided by every login completed by then.
    /// </summary>
    private async Task<LoginMeasurement> MeasureLoginAsync(PortalProcess portal, PortalBrowser browser, SeededDataset dataset, CpuMeter cpu)
    {
        // Measured just before and just after the logins, so a machine whose load drifts during the run
        // gives the login row and its limit the same conditions on average.
        var connections = options.Smoke ? machine.Cores : Scenarios.LoginConnections(machine.Cores);
        var pbkdf2Before = RawPbkdf2(connections);

        var form = await browser.OpenLoginFormAsync();
        var users = dataset.LoginUsers;
        var url = new Uri(portal.BaseAddress, Scenarios.Login);
        var probeForm = PortalBrowser.LoginForm(SeededDataset.Email(users.First + users.Count - 1), SeededDataset.Password, form.AntiforgeryToken);
        Log($"Password login, {connections} connections");
        await wrk.LoginAsync(url, form, users, connections, options.LoginWarmup);
        // wrk drops its connections when a run ends, but the portal still finishes the PBKDF2 of the
        // logins in flight; one login on its own waits for them, so the measured run starts on idle cores.
        var (status, sql) = await browser.ProbeAsync(Scenarios.Login, form, probeForm);
        if (status != HttpStatusCode.Redirect)
        {
            _problems.Add($"A valid login answered {(int)status} instead of a redirect");
        }

        var started = DateTimeOffset.UtcNow;
        var before = cpu.Take();
        var load = await wrk.LoginAsync(url, form, users, connections, options.Duration);
        var ended = DateTimeOffset.UtcNow;
        await browser.ProbeAsync(Scenarios.Login, form, PortalBrowser.LoginForm(SeededDataset.Email(users.First), SeededDataset.Password, form.AntiforgeryToken));
        var drained = cpu.Take();
        var completions = await LoginCompletionsAsync(dataset, started, DateTimeOffset.UtcNow);
        var during = completions.Where(c => c <= ended).ToList();
        var rate = during.Count >= 2 ? (during.Count - 1) / (during[^1] - during[0]).TotalSeconds : load.RequestsPerSecond;
        // The draining probe is one of the completions.
        var cpuPerLogin = CpuMeter.PerRequest(before, drained, Math.Max(1, completions.Count));
        Log($"  {rate:0.0} logins/s between the first and the last completion ({Describe(load, cpuPerLogin)} as wrk counts)");
        CheckErrors("Password login", load);
        var pbkdf2After = RawPbkdf2(connections);
        return new LoginMeasurement(
            load,
            rate,
            connections,
            (pbkdf2Before.PerSecond + pbkdf2After.PerSecond) / 2,
            (pbkdf2Before.CpuMilliseconds + pbkdf2After.CpuMilliseconds) / 2,
            cpuPerLogin,
            sql);
    }

    /// <summary>When each successful login between the two instants completed, in order.</summary>
    private async Task<List<DateTimeOffset>> LoginCompletionsAsync(SeededDataset dataset, DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = new NpgsqlConnection(seeder.ConnectionString(dataset.Database));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            SELECT "OccurredAt" FROM "AuditEvents"
            WHERE "Type" = 'login.succeeded' AND "OccurredAt" >= @from AND "OccurredAt" <= @to
            ORDER BY "OccurredAt"
            """,
            connection);
        query.Parameters.AddWithValue("from", from);
        query.Parameters.AddWithValue("to", to);
        var completions = new List<DateTimeOffset>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            completions.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }

        return completions;
    }

    /// <summary>
    /// On as many threads as the login row has connections: alone on the machine that is the same
    /// as one per core, and on a machine shared with other work each side gets the same share of it.
    /// </summary>
    private (double PerSecond, double CpuMilliseconds) RawPbkdf2(int threads)
    {
        Log($"Raw PBKDF2 on {threads} threads for {options.Pbkdf2Duration.TotalSeconds:0} s");
        var raw = Pbkdf2.Measure(passwordHash, SeededDataset.Password, threads, options.Pbkdf2Duration);
        Log($"  {raw.PerSecond:0.0} verifications/s, {raw.CpuMilliseconds:0.0} ms CPU each");
        return raw;
    }

    private static async Task<bool> ProbeSecondFactorAsync(PortalBrowser browser)
    {
        var anonymous = await browser.OpenLoginFormAsync();
        var (status, _) = await browser.ProbeAsync(Scenarios.SecondFactor, anonymous);
        return status != HttpStatusCode.NotFound;
    }

    private async Task<BareMeasurement> MeasureBareAsync(PortalProcess portal, PortalBrowser browser, List<Visitor> visitors, CpuMeter cpu)
    {
        Log($"Bare authenticated endpoint {Scenarios.BareEndpoint}, {Scenarios.PageConnections} connections");
        var (load, perRequest) = await LoadAsync(new Uri(portal.BaseAddress, Scenarios.BareEndpoint), visitors, cpu);
        Log($"  {Describe(load, perRequest)}");
        CheckErrors("Bare endpoint", load);
        var sql = await SqlRoundTripsAsync(browser, Scenarios.BareEndpoint, visitors[0], HttpStatusCode.NoContent, "Bare endpoint");
        return new BareMeasurement(load, sql, perRequest);
    }

    /// <summary>A warm-up run, then the measured run with the CPU it cost.</summary>
    private async Task<(LoadResult Load, CpuPerRequest Cpu)> LoadAsync(Uri url, List<Visitor> visitors, CpuMeter cpu)
    {
        await wrk.GetAsync(url, visitors, Scenarios.PageConnections, options.Warmup);
        var before = cpu.Take();
        var load = await wrk.GetAsync(url, visitors, Scenarios.PageConnections, options.Duration);
        return (load, CpuMeter.PerRequest(before, cpu.Take(), load.Requests));
    }

    private async Task<PageMeasurement> MeasurePageAsync(
        PortalProcess portal, PortalBrowser browser, List<Visitor> visitors, PageScenario scenario, DatasetPlan plan, CpuMeter cpu)
    {
        var detail = scenario.Describe(plan);
        var (status, _) = await browser.ProbeAsync(scenario.Path, visitors[0]);
        if (status == HttpStatusCode.NotFound)
        {
            Log($"{scenario.Name} ({plan.Label}): n/a (page not built yet)");
            return new PageMeasurement(scenario.Name, detail, scenario.Path, false, null, null);
        }

        if (status != HttpStatusCode.OK)
        {
            _problems.Add($"{scenario.Name}: GET {scenario.Path} answered {(int)status}");
            return new PageMeasurement(scenario.Name, detail, scenario.Path, true, null, null);
        }

        Log($"{scenario.Name} ({plan.Label}, {detail}), {Scenarios.PageConnections} connections");
        var (load, perRequest) = await LoadAsync(new Uri(portal.BaseAddress, scenario.Path), visitors, cpu);
        CheckErrors(scenario.Name, load);
        var sql = await SqlRoundTripsAsync(browser, scenario.Path, visitors[0], HttpStatusCode.OK, scenario.Name);
        Log($"  {Describe(load, perRequest)}, {sql} SQL round trips");
        return new PageMeasurement(scenario.Name, detail, scenario.Path, true, load, sql, perRequest);
    }

    /// <summary>
    /// The median count over a few requests after the load (warm caches, as under load). A request
    /// that is not answered as expected means the session ended during the load: the row is void.
    /// </summary>
    private async Task<int?> SqlRoundTripsAsync(PortalBrowser browser, string path, Visitor visitor, HttpStatusCode expected, string row)
    {
        var counts = new List<int>();
        for (var i = 0; i < SqlProbes; i++)
        {
            var (status, sql) = await browser.ProbeAsync(path, visitor);
            if (status != expected)
            {
                _problems.Add($"{row}: GET {path} answered {(int)status} after the load (expected {(int)expected})");
                return null;
            }

            if (sql is null)
            {
                _problems.Add($"{row}: no {PortalBrowser.SqlRoundTripHeader} header (is Diagnostics:SqlRoundTripHeader on?)");
                return null;
            }

            counts.Add(sql.Value);
        }

        counts.Sort();
        return counts[counts.Count / 2];
    }

    private void CheckErrors(string row, LoadResult load)
    {
        if (load.Requests == 0 || load.Errors > 0)
        {
            _problems.Add(
                $"{row}: {load.Requests} requests, {load.Failures} unexpected answers, {load.StatusErrors} 4xx/5xx, " +
                $"{load.Timeouts} timeouts, {load.ConnectErrors + load.ReadErrors + load.WriteErrors} socket errors");
        }
    }

    private static string Describe(LoadResult load, CpuPerRequest? cpu = null) =>
        $"{load.RequestsPerSecond:N1} req/s, p50 {load.P50Milliseconds:0.0} ms, p99 {load.P99Milliseconds:0.0} ms"
        + (cpu is null ? "" : $", CPU per request {cpu.PortalMilliseconds:0.00} ms portal + {cpu.DatabaseMilliseconds:0.00} ms PostgreSQL");

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");
}
