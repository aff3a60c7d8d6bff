using System.Net;

namespace Portal.Bench;

/// <summary>One side of a paired row: the median of its alternating runs, with the CPU per request it cost.</summary>
public sealed record PairedRun(LoadResult Load, CpuPerRequest Cpu)
{
    public double TotalCpuMilliseconds => Cpu.PortalMilliseconds + Cpu.DatabaseMilliseconds;
}

/// <summary>A page of the portal beside a page of the peer, measured in alternating runs.</summary>
public sealed record PairedPage(
    string Name,
    string PortalPath,
    string PeerPath,
    PairedRun Portal,
    PairedRun Peer,
    int? PortalSqlRoundTrips,
    StatementCount? PortalStatements,
    StatementCount? PeerStatements);

/// <summary>
/// Password logins on both, alternating. Logins per second as wrk counts them on both sides (the same
/// method for both); CPU per login over the run and the draining of the logins still in flight when wrk
/// stopped (one per connection), divided by the logins answered plus those in flight.
/// </summary>
public sealed record PairedLogin(
    int Connections,
    PairedRun Portal,
    PairedRun Peer,
    int? PortalSqlRoundTrips,
    StatementCount? PortalStatements,
    StatementCount? PeerStatements);

/// <summary>Everything the pairing measured; the portal's memory and cold start come from the main run.</summary>
public sealed record PeerMeasurement(
    TimeSpan SeedTime,
    IReadOnlyList<PairedPage> Pages,
    PairedLogin? Login,
    long PeerPeakResidentBytes,
    TimeSpan PeerColdStart);

/// <summary>
/// The stock Identity template measured beside the portal in the same run: same PostgreSQL cluster,
/// same users and password hash, same load, runs alternating between the two so both see the same
/// minutes of a machine whose load drifts.
/// </summary>
public sealed class PeerComparison(BenchOptions options, Machine machine, Wrk wrk, StatementCounter statements, Action<string> log, List<string> problems)
{
    private const int StatementProbes = 20;
    private const int LoginStatementProbes = 4;

    public sealed record Side(PortalProcess Process, PortalBrowser Browser, List<Visitor> Visitors, CpuMeter Cpu, string Database);

    public sealed record PagePair(string Name, Side Portal, string PortalPath, string PeerPath);

    public async Task<(IReadOnlyList<PairedPage> Pages, PairedLogin? Login)> MeasureAsync(IReadOnlyList<PagePair> pairs, Side portal, Side peer, (int First, int Count) loginUsers)
    {
        var pages = new List<PairedPage>();
        foreach (var pair in pairs)
        {
            pages.Add(await MeasurePageAsync(pair, peer));
        }

        var login = await MeasureLoginAsync(portal, peer, loginUsers);
        return (pages, login);
    }

    private async Task<PairedPage> MeasurePageAsync(PagePair pair, Side peer)
    {
        var anonymous = pair.PortalPath == Scenarios.Login;
        List<Visitor> PortalVisitors() => anonymous ? [new Visitor("", "")] : pair.Portal.Visitors;
        List<Visitor> PeerVisitors() => anonymous ? [new Visitor("", "")] : peer.Visitors;
        log($"Paired: {pair.Name}, {pair.PortalPath} against the peer's {pair.PeerPath}, {options.PeerRounds} alternating runs each");
        await WarmAsync(pair.Portal, pair.PortalPath, PortalVisitors());
        await WarmAsync(peer, pair.PeerPath, PeerVisitors());
        var portalRuns = new List<PairedRun>();
        var peerRuns = new List<PairedRun>();
        for (var i = 0; i < options.PeerRounds; i++)
        {
            portalRuns.Add(await RunAsync(pair.Portal, pair.PortalPath, PortalVisitors(), $"{pair.Name} (portal)"));
            peerRuns.Add(await RunAsync(peer, pair.PeerPath, PeerVisitors(), $"{pair.Name} (peer)"));
        }

        var portalVisitor = PortalVisitors()[0];
        var peerVisitor = PeerVisitors()[0];
        // The median of five, as the main rows take it: a request can land on the once-a-minute session touch.
        // After the peer's run the portal's caches may have expired: one request fills them first.
        await pair.Portal.Browser.ProbeAsync(pair.PortalPath, portalVisitor);
        var counts = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var (status, count) = await pair.Portal.Browser.ProbeAsync(pair.PortalPath, portalVisitor);
            if (status != HttpStatusCode.OK)
            {
                problems.Add($"Paired {pair.Name}: GET {pair.PortalPath} answered {(int)status} after the load");
                break;
            }

            counts.Add(count ?? -1);
        }

        counts.Sort();
        int? sql = counts.Count == 5 && counts[2] >= 0 ? counts[2] : null;

        var peerStatus = (await peer.Browser.ProbeAsync(pair.PeerPath, peerVisitor)).Status;
        if (peerStatus != HttpStatusCode.OK)
        {
            problems.Add($"Paired {pair.Name}: the peer's GET {pair.PeerPath} answered {(int)peerStatus} after the load");
        }

        var portalStatements = await CountAsync(pair.Portal.Database, StatementProbes, () => pair.Portal.Browser.ProbeAsync(pair.PortalPath, portalVisitor));
        var peerStatements = await CountAsync(peer.Database, StatementProbes, () => peer.Browser.ProbeAsync(pair.PeerPath, peerVisitor));
        var result = new PairedPage(pair.Name, pair.PortalPath, pair.PeerPath, Median(portalRuns), Median(peerRuns), sql, portalStatements, peerStatements);
        log($"  portal {Describe(result.Portal)}; peer {Describe(result.Peer)}; ratio {result.Portal.TotalCpuMilliseconds / result.Peer.TotalCpuMilliseconds:0.00}");
        return result;
    }

    private async Task<PairedLogin?> MeasureLoginAsync(Side portal, Side peer, (int First, int Count) users)
    {
        var connections = options.Smoke ? machine.Cores : Scenarios.LoginConnections(machine.Cores);
        log($"Paired: password login, {connections} connections, {options.PeerLoginRounds} alternating runs each");
        var portalForm = await portal.Browser.OpenLoginFormAsync();
        var peerForm = await peer.Browser.OpenLoginFormAsync();
        var portalRuns = new List<PairedRun>();
        var peerRuns = new List<PairedRun>();
        // The peer's logins were not warmed up by the main run.
        await new LoginWarmup(options, wrk, log).RunAsync("peer", peer.Browser, new Uri(peer.Process.BaseAddress, PeerScenarios.Login), peerForm, users, connections, peer.Cpu);
        for (var i = 0; i < options.PeerLoginRounds; i++)
        {
            portalRuns.Add(await LoginRunAsync(portal, Scenarios.Login, portalForm, users, connections, "Password login (portal)"));
            peerRuns.Add(await LoginRunAsync(peer, PeerScenarios.Login, peerForm, users, connections, "Password login (peer)"));
        }

        var probeUser = SeededDataset.Email(users.First);
        var (_, sql) = await portal.Browser.ProbeAsync(Scenarios.Login, portalForm, PortalBrowser.LoginForm(probeUser, SeededDataset.Password, portalForm.AntiforgeryToken));
        var portalStatements = await CountAsync(portal.Database, LoginStatementProbes, () =>
            portal.Browser.ProbeAsync(Scenarios.Login, portalForm, PortalBrowser.LoginForm(probeUser, SeededDataset.Password, portalForm.AntiforgeryToken)));
        var peerStatements = await CountAsync(peer.Database, LoginStatementProbes, () =>
            peer.Browser.ProbeAsync(PeerScenarios.Login, peerForm, PortalBrowser.LoginForm(probeUser, SeededDataset.Password, peerForm.AntiforgeryToken)));
        var result = new PairedLogin(connections, Median(portalRuns), Median(peerRuns), sql, portalStatements, peerStatements);
        log($"  portal {Describe(result.Portal)}; peer {Describe(result.Peer)}");
        return result;
    }

    private async Task<PairedRun> LoginRunAsync(Side side, string path, Visitor form, (int First, int Count) users, int connections, string row)
    {
        var before = side.Cpu.Take();
        var load = await wrk.LoginAsync(new Uri(side.Process.BaseAddress, path), form, users, connections, options.Duration);
        // The logins in flight when wrk stopped still run to the end; one more login waits for them.
        var (status, _) = await side.Browser.ProbeAsync(path, form, PortalBrowser.LoginForm(SeededDataset.Email(users.First), SeededDataset.Password, form.AntiforgeryToken));
        if (status != HttpStatusCode.Redirect)
        {
            problems.Add($"{row}: a valid login answered {(int)status} instead of a redirect");
        }

        CheckErrors(row, load);
        return new PairedRun(load, CpuMeter.PerRequest(before, side.Cpu.Take(), load.Requests + connections + 1));
    }

    private async Task WarmAsync(Side side, string path, List<Visitor> visitors)
    {
        var rounds = new List<double>();
        do
        {
            rounds.Add((await RunAsync(side, path, visitors, null, options.Warmup)).TotalCpuMilliseconds);
        }
        while (rounds.Count < options.MinWarmupRounds || (rounds.Count < options.MaxWarmupRounds && !WarmupCurve.Settled(rounds, BenchOptions.WarmupPlateauRounds, BenchOptions.WarmupTolerance)));
    }

    private async Task<PairedRun> RunAsync(Side side, string path, List<Visitor> visitors, string? row, TimeSpan? duration = null)
    {
        var before = side.Cpu.Take();
        var load = await wrk.GetAsync(new Uri(side.Process.BaseAddress, path), visitors, Scenarios.PageConnections, duration ?? options.PeerPageRun);
        if (row is not null)
        {
            CheckErrors(row, load);
        }

        return new PairedRun(load, CpuMeter.PerRequest(before, side.Cpu.Take(), load.Requests));
    }

    private async Task<StatementCount?> CountAsync(string database, int requests, Func<Task<(HttpStatusCode, int?)>> send) =>
        statements.Enabled ? await statements.PerRequestAsync(database, requests, async () => await send()) : null;

    private static PairedRun Median(List<PairedRun> runs) =>
        runs.OrderBy(r => r.TotalCpuMilliseconds).ElementAt(runs.Count / 2);

    private void CheckErrors(string row, LoadResult load)
    {
        if (load.Requests == 0 || load.Errors > 0)
        {
            problems.Add($"{row}: {load.Requests} requests, {load.Failures} unexpected answers, {load.StatusErrors} 4xx/5xx, {load.Timeouts} timeouts");
        }
    }

    private static string Describe(PairedRun run) =>
        $"{run.Load.RequestsPerSecond:N1} req/s, p50 {run.Load.P50Milliseconds:0.0} ms, p99 {run.Load.P99Milliseconds:0.0} ms, "
        + $"CPU per request {run.Cpu.PortalMilliseconds:0.00} + {run.Cpu.DatabaseMilliseconds:0.00} ms";
}
