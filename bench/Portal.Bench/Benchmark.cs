using System.Net;
using System.Text.Json;
using Npgsql;

namespace Portal.Bench;

/// <summary>
/// The run: seed the 1 % and the full dataset, each with a portal of its own; measure everything
/// on the full one (raw PBKDF2, logins, the second-factor step, the bare endpoint, the pages,
/// memory, cold start) and compare each page with the 1 % portal in alternating runs; then print
/// the table and record it. Progress goes to stderr; the table to stdout. The exit code is 0 when
/// every row could be measured (targets missed are findings, not failures).
/// </summary>
public sealed partial class Benchmark(BenchOptions options, Machine machine, DatasetSeeder seeder, Wrk wrk, string passwordHash)
{
    private const int SqlProbes = 5;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<string> _problems = [];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var (startedAt, wall, machine, seeder, wrk) = RunStart.Begin(options, Log);
        var hash = DatasetSeeder.HashPassword(SeededDataset.Password);
        var benchmark = new Benchmark(options, machine, seeder, wrk, hash);

        SizeMeasurement small, full;
        PeerMeasurement? peer;
        await using (var smallSite = await benchmark.StartAsync(options.SmallPlan, "small"))
        await using (var fullSite = await benchmark.StartAsync(options.FullPlan, "full"))
        {
            (small, full) = await benchmark.MeasureAsync(smallSite, fullSite);
            peer = await benchmark.MeasurePeerAsync(smallSite, fullSite);
        }

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
            benchmark._problems,
            peer);
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

    /// <summary>Seeds a dataset, starts a portal on it, signs in and warms every page up.</summary>
    private async Task<Site> StartAsync(DatasetPlan plan, string name)
    {
        Log($"Seeding the {plan.Label} dataset: {plan.Describe()}");
        var dataset = await seeder.SeedAsync(plan, $"{options.DatabasePrefix}_{name}", passwordHash);
        Log($"  seeded in {dataset.SeedTime.TotalSeconds:0.0} s ({dataset.Phases})");
        var logFile = Path.Combine(options.OutputDirectory, $"portal-{name}.log");
        var portal = await PortalProcess.StartAsync(options, seeder.ConnectionString(dataset.Database), logFile);
        Log($"  portal ready in {portal.ColdStart.TotalSeconds:0.00} s at {portal.BaseAddress}");
        var site = new Site(dataset, portal, new PortalBrowser(portal.BaseAddress), [], new CpuMeter(portal.ProcessId, dataset.Database));
        // One session per wrk thread, each an admin of the large office.
        for (var i = 0; i < Math.Min(machine.Cores, SeededDataset.LargeOfficeAdmins); i++)
        {
            site.Visitors.Add(await site.Browser.SignInAsync(SeededDataset.Email(i), SeededDataset.Password));
        }

        await WarmUpAsync(site.Portal, site.Browser, site.Visitors, site.Cpu);
        return site;
    }

    /// <summary>
    /// Everything on the full dataset; the pages also on the 1 % one, in short runs that alternate
    /// between the two portals, so both sizes see the same machine (its load drifts by the minute).
    /// </summary>
    private async Task<(SizeMeasurement Small, SizeMeasurement Full)> MeasureAsync(Site small, Site full)
    {
        var portal = full.Portal;
        var memory = new List<ResidentPeak>();
        portal.StartSampling();
        var login = await MeasureLoginAsync(portal, full.Browser, full.Dataset, full.Cpu);
        memory.Add(new("Password login", portal.TakePeakResidentBytes()));
        var secondFactor = await MeasureSecondFactorAsync(portal, full.Browser, full.Dataset, full.Cpu);
        memory.Add(new("Second-factor step", portal.TakePeakResidentBytes()));
        var bare = await MeasureBareAsync(portal, full.Browser, full.Visitors, full.Cpu);
        memory.Add(new("Bare endpoint", portal.TakePeakResidentBytes()));

        var fullPages = new List<PageMeasurement>();
        var smallPages = new List<PageMeasurement>();
        foreach (var scenario in Scenarios.Pages)
        {
            var page = await MeasurePageAsync(full, scenario);
            if (page.Load is not null)
            {
                memory.Add(new(scenario.Name, portal.TakePeakResidentBytes()));
                var (smallPage, comparison) = await CompareSizesAsync(small, full, scenario);
                smallPages.Add(smallPage);
                page = page with { Comparison = comparison };
            }
            else
            {
                smallPages.Add(page with { Detail = scenario.Describe(small.Dataset.Plan) });
            }

            fullPages.Add(page);
        }

        await portal.StopSamplingAsync();
        foreach (var site in new[] { small, full })
        {
            if (site.Portal.HasExited)
            {
                _problems.Add($"The portal ({site.Dataset.Plan.Label}) exited during the run; see {site.Portal.LogFile}");
            }
        }

        var coldStart = await MedianColdStartAsync(full.Dataset, portal.ColdStart);
        return (
            new SizeMeasurement(small.Dataset.Plan, small.Dataset.SeedTime, small.Portal.ColdStart, smallPages),
            new SizeMeasurement(full.Dataset.Plan, full.Dataset.SeedTime, coldStart, fullPages, login, secondFactor, bare, memory));
    }

    /// <summary>
    /// The stock Identity template beside the portal (bench/peer.sh): its own database on the same
    /// cluster with the same users and hash, signed-in visitors of its own, then the paired rows in
    /// alternating runs, its memory while they ran and its cold start (median of as many starts as the
    /// portal's).
    /// </summary>
    private async Task<PeerMeasurement?> MeasurePeerAsync(Site small, Site full)
    {
        if (options.PeerDll.Length == 0)
        {
            _problems.Add("No --peer given: the stock Identity template was not measured (bench/run.sh builds it with bench/peer.sh)");
            return null;
        }

        var counter = new StatementCounter(seeder);
        if (!await counter.AvailableAsync())
        {
            _problems.Add("pg_stat_statements is not loaded in the benchmark's cluster: statements per request were not counted (bench/run.sh starts it so)");
        }

        var database = $"{options.DatabasePrefix}_peer";
        Log($"Seeding the peer's database: {full.Dataset.Plan.Users:N0} users");
        var seedTime = await PeerSeeder.SeedAsync(seeder, options, database, full.Dataset.Plan.Users, passwordHash);
        var connectionString = seeder.ConnectionString(database);
        var starts = new List<TimeSpan>();
        PeerMeasurement measurement;
        await using (var peer = await PortalProcess.StartPeerAsync(options, connectionString, Path.Combine(options.OutputDirectory, "peer.log")))
        {
            Log($"  the peer is ready in {peer.ColdStart.TotalSeconds:0.00} s at {peer.BaseAddress}");
            starts.Add(peer.ColdStart);
            peer.StartSampling();
            var browser = new PortalBrowser(peer.BaseAddress, PeerScenarios.Login);
            var visitors = new List<Visitor>();
            for (var i = 0; i < Math.Min(machine.Cores, SeededDataset.LargeOfficeAdmins); i++)
            {
                visitors.Add(await browser.SignInAsync(SeededDataset.Email(i), SeededDataset.Password));
            }

            var peerSide = new PeerComparison.Side(peer, browser, visitors, new CpuMeter(peer.ProcessId, database), database);
            var fullSide = new PeerComparison.Side(full.Portal, full.Browser, full.Visitors, full.Cpu, full.Dataset.Database);
            var smallSide = new PeerComparison.Side(small.Portal, small.Browser, small.Visitors, small.Cpu, small.Dataset.Database);
            PeerComparison.PagePair[] pairs =
            [
                new("Anonymous login page", fullSide, Scenarios.Login, PeerScenarios.Login),
                new("Signed-in account page", fullSide, PeerScenarios.PortalAccount, PeerScenarios.Account),
                new($"Environment home ({small.Dataset.Plan.LargeEnvironmentClients:N0} clients) against the peer's account page", smallSide, Scenarios.Pages[0].Path, PeerScenarios.Account),
                new("Signed-in home page", fullSide, PeerScenarios.PortalHome, PeerScenarios.Home),
            ];
            var comparison = new PeerComparison(options, machine, wrk, counter, Log, _problems);
            var (pages, login) = await comparison.MeasureAsync(pairs, fullSide, peerSide, full.Dataset.LoginUsers);
            await peer.StopSamplingAsync();
            measurement = new PeerMeasurement(seedTime, pages, login, peer.TakePeakResidentBytes(), TimeSpan.Zero);
            if (peer.HasExited)
            {
                _problems.Add($"The peer exited during the run; see {peer.LogFile}");
            }
        }

        for (var i = 0; i < options.ExtraColdStarts; i++)
        {
            await using var again = await PortalProcess.StartPeerAsync(options, connectionString, Path.Combine(options.OutputDirectory, $"peer-start-{i + 2}.log"));
            starts.Add(again.ColdStart);
        }

        Log($"The peer's cold starts: {string.Join(", ", starts.Select(s => $"{s.TotalSeconds:0.00} s"))}");
        starts.Sort();
        return measurement with { PeerColdStart = starts[starts.Count / 2] };
    }

    /// <summary>
    /// Alternating runs of <see cref="BenchOptions.Warmup"/> on the 1 % portal and the full one; each
    /// side's median run is compared. The 1 % page must exist on both (same code, other data).
    /// </summary>
    private async Task<(PageMeasurement Small, SizeComparison Comparison)> CompareSizesAsync(Site small, Site full, PageScenario scenario)
    {
        var detail = scenario.Describe(small.Dataset.Plan);
        Log($"{scenario.Name}: {small.Dataset.Plan.Label} ({detail}) against full size, {options.SizeComparisonRounds} alternating runs each");
        var smallRuns = new List<(LoadResult Load, CpuPerRequest Cpu)>();
        var fullRuns = new List<(LoadResult Load, CpuPerRequest Cpu)>();
        for (var i = 0; i < options.SizeComparisonRounds; i++)
        {
            smallRuns.Add(await RunAsync(small, scenario.Path));
            fullRuns.Add(await RunAsync(full, scenario.Path));
        }

        var sql = await SqlRoundTripsAsync(small.Browser, scenario.Path, small.Visitors[0], HttpStatusCode.OK, scenario.Name + " (1 %)");
        var smallMedian = Median(smallRuns);
        var fullMedian = Median(fullRuns);
        Log($"  1 %: {Describe(smallMedian.Load, smallMedian.Cpu)}; full size: {Describe(fullMedian.Load, fullMedian.Cpu)}");
        return (
            new PageMeasurement(scenario.Name, detail, scenario.Path, true, smallMedian.Load, sql, smallMedian.Cpu),
            new SizeComparison(smallMedian.Load.P50Milliseconds, fullMedian.Load.P50Milliseconds, smallMedian.Cpu, fullMedian.Cpu, options.SizeComparisonRounds));

        static (LoadResult Load, CpuPerRequest Cpu) Median(List<(LoadResult Load, CpuPerRequest Cpu)> runs) =>
            runs.OrderBy(r => r.Load.P50Microseconds).ElementAt(runs.Count / 2);
    }

    private async Task<(LoadResult Load, CpuPerRequest Cpu)> RunAsync(Site site, string path)
    {
        var before = site.Cpu.Take();
        var load = await wrk.GetAsync(new Uri(site.Portal.BaseAddress, path), site.Visitors, Scenarios.PageConnections, options.Warmup);
        CheckErrors(path, load);
        return (load, CpuMeter.PerRequest(before, site.Cpu.Take(), load.Requests));
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
            while (rounds.Count < options.MinWarmupRounds || (rounds.Count < options.MaxWarmupRounds && !WarmupCurve.Settled(rounds, BenchOptions.WarmupPlateauRounds, BenchOptions.WarmupTolerance)));

            Log($"Warmed up {path}: CPU per request {string.Join(" → ", rounds.Select(r => $"{r:0.00}"))} ms");
        }
    }

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
        await new LoginWarmup(options, wrk, Log).RunAsync("portal", browser, url, form, users, connections, cpu);
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

    /// <summary>
    /// The password step for every second-factor user first (PBKDF2-bound, at the login row's
    /// concurrency), then their second-factor steps: a fifth of the users warm the page up, the rest
    /// are measured, with the CPU they cost the portal and PostgreSQL.
    /// </summary>
    private async Task<SecondFactorMeasurement> MeasureSecondFactorAsync(PortalProcess portal, PortalBrowser browser, SeededDataset dataset, CpuMeter cpu)
    {
        var connections = Scenarios.LoginConnections(machine.Cores);
        var (first, count) = dataset.SecondFactorUsers;
        Log($"Second-factor step: the password step of {count} users with an authenticator app, {connections} connections");
        var pending = new PendingUser[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = connections },
            async (i, _) => pending[i] = new PendingUser(
                first + i, await browser.BeginSecondFactorAsync(SeededDataset.Email(first + i), SeededDataset.Password)));

        var driver = new SecondFactorDriver(portal.BaseAddress);
        var warm = Math.Max(1, count / 5);
        await driver.RunAsync(pending[..warm], connections);
        Log($"Second-factor step (valid TOTP), {connections} connections, {(count - warm) * SecondFactorDriver.StepsPerUser} steps");
        var before = cpu.Take();
        var run = await driver.RunAsync(pending[warm..], connections);
        var perStep = CpuMeter.PerRequest(before, cpu.Take(), run.Load.Requests);
        Log($"  {Describe(run.Load, perStep)}, {run.SqlRoundTrips} SQL round trips");
        CheckErrors("Second-factor step", run.Load);
        return new SecondFactorMeasurement(run.Load, connections, run.SqlRoundTrips, perStep);
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

    private async Task<PageMeasurement> MeasurePageAsync(Site site, PageScenario scenario)
    {
        var plan = site.Dataset.Plan;
        var detail = scenario.Describe(plan);
        var (status, _) = await site.Browser.ProbeAsync(scenario.Path, site.Visitors[0]);
        if (status == HttpStatusCode.NotFound)
        {
            Log($"{scenario.Name}: n/a (page not built yet)");
            return new PageMeasurement(scenario.Name, detail, scenario.Path, false, null, null);
        }

        if (status != HttpStatusCode.OK)
        {
            _problems.Add($"{scenario.Name}: GET {scenario.Path} answered {(int)status}");
            return new PageMeasurement(scenario.Name, detail, scenario.Path, true, null, null);
        }

        Log($"{scenario.Name} ({plan.Label}, {detail}), {Scenarios.PageConnections} connections");
        var (load, perRequest) = await LoadAsync(new Uri(site.Portal.BaseAddress, scenario.Path), site.Visitors, site.Cpu);
        CheckErrors(scenario.Name, load);
        var sql = await SqlRoundTripsAsync(site.Browser, scenario.Path, site.Visitors[0], HttpStatusCode.OK, scenario.Name);
        Log($"  {Describe(load, perRequest)}, {sql} SQL round trips");
        return new PageMeasurement(scenario.Name, detail, scenario.Path, true, load, sql, perRequest);
    }

    /// <summary>
    /// The median count over a few requests after the load (warm caches, as under load). A request
    /// that is not answered as expected means the session ended during the load: the row is void.
    /// </summary>
    private async Task<int?> SqlRoundTripsAsync(PortalBrowser browser, string path, Visitor visitor, HttpStatusCode expected, string row)
    {
        // One request first fills the caches (the session check, an environment's client count) as
        // they are under load: the median then counts a page's own queries (SqlBudgetTests likewise).
        await browser.ProbeAsync(path, visitor);
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

    /// <summary>A seeded dataset with its running portal and signed-in visitors.</summary>
    private sealed record Site(SeededDataset Dataset, PortalProcess Portal, PortalBrowser Browser, List<Visitor> Visitors, CpuMeter Cpu)
        : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Portal.DisposeAsync();
    }
}
