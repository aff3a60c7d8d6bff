namespace Portal.Bench;

/// <summary>
/// The command line bench/run.sh passes:
/// <c>--server</c> a connection string to the benchmark's PostgreSQL (any database),
/// <c>--portal</c> the built Portal.Web.dll, <c>--content-root</c> its content folder (src/Portal.Web),
/// <c>--out</c> where results go, <c>--doc</c> the document to record a full run in,
/// <c>--peer</c> the built Peer.dll (the stock Identity template, bench/peer.sh) and <c>--peer-content-root</c> its folder,
/// <c>--command</c> how the run was started (for the record), <c>--smoke</c> the tiny run,
/// <c>--soak</c> the soak instead of the benchmark, <c>--minutes</c> its length,
/// <c>--at-scale</c> the audit log and members page at scale instead (<see cref="Benchmark.RunAtScaleAsync"/>),
/// <c>--office-events</c> the large office's audit events for it (default 10,000,000).
/// </summary>
public sealed record BenchOptions(
    bool Smoke,
    bool Soak,
    int SoakMinutes,
    string ServerConnectionString,
    string PortalDll,
    string ContentRoot,
    string OutputDirectory,
    string? DocumentPath,
    string Command,
    string PeerDll = "",
    string PeerContentRoot = "",
    bool AtScale = false,
    int OfficeEvents = BenchOptions.DefaultOfficeEvents)
{
    /// <summary>The audit log at scale: ten million events in the large office.</summary>
    public const int DefaultOfficeEvents = 10_000_000;

    /// <summary>The soak the issue asks for: a bounded ten minutes. Shorter trial runs are not recorded in the document.</summary>
    public const int DefaultSoakMinutes = 10;

    /// <summary>Load before each measured run, so the JIT and the pools are warm; not counted.</summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(Smoke ? 2 : 3);

    /// <summary>One round of logins before the measured ones (<see cref="Portal.Bench.LoginWarmup"/>).</summary>
    public TimeSpan LoginWarmup => TimeSpan.FromSeconds(Smoke ? 1 : 10);

    /// <summary>At least and at most this many <see cref="LoginWarmup"/> rounds, until the CPU per login settles (<see cref="Portal.Bench.LoginWarmup"/>).</summary>
    public int MinLoginWarmupRounds => Smoke ? 1 : 3;

    public int MaxLoginWarmupRounds => Smoke ? 1 : 8;

    /// <summary>
    /// At least and at most this many <see cref="Warmup"/> rounds per endpoint once the portal has
    /// started (30 s to 2 min): on 2 cores the CPU per request keeps falling for 45–60 s
    /// (<see cref="WarmupCurve"/>).
    /// </summary>
    public int MinWarmupRounds => Smoke ? 1 : 10;

    public int MaxWarmupRounds => Smoke ? 1 : 40;

    /// <summary>Settled when the best of the last this many rounds is within <see cref="WarmupTolerance"/> of the best before them.</summary>
    public const int WarmupPlateauRounds = 5;

    public const double WarmupTolerance = 0.05;

    /// <summary>Alternating runs per size when a page is compared between the 1 % and the full dataset.</summary>
    public int SizeComparisonRounds => Smoke ? 1 : 3;

    /// <summary>Further starts of the portal for the cold-start figure (the median is reported).</summary>
    public int ExtraColdStarts => Smoke ? 0 : 2;

    /// <summary>Alternating runs of the portal and the peer per paired row (each side's median is compared).</summary>
    public int PeerRounds => Smoke ? 1 : 3;

    /// <summary>One run of a paired page row.</summary>
    public TimeSpan PeerPageRun => TimeSpan.FromSeconds(Smoke ? 2 : 5);

    /// <summary>Alternating login runs of each side (a login run is <see cref="Duration"/> long).</summary>
    public int PeerLoginRounds => Smoke ? 1 : 2;

    /// <summary>Each measured row (wrk takes whole seconds).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Smoke ? 2 : 10);

    public TimeSpan Pbkdf2Duration => TimeSpan.FromSeconds(Smoke ? 1 : 5);

    /// <summary>The dataset, or a hundredth of it for the smoke run.</summary>
    public DatasetPlan FullPlan => Smoke ? DatasetPlan.Scaled(0.01, "smoke") : WithOfficeEvents(DatasetPlan.Scaled(1, "full size"), 1);

    /// <summary>One percent of <see cref="FullPlan"/>.</summary>
    public DatasetPlan SmallPlan => Smoke ? DatasetPlan.Scaled(0.0001, "smoke, 1 %") : WithOfficeEvents(DatasetPlan.Scaled(0.01, "1 %"), 0.01);

    public string DatabasePrefix => Smoke ? "bench_smoke" : AtScale ? "bench_scale" : "bench";

    /// <summary>At scale, the large office's events are <see cref="OfficeEvents"/> (times the plan's scale), beside the other offices' as usual.</summary>
    private DatasetPlan WithOfficeEvents(DatasetPlan plan, double scale)
    {
        if (!AtScale)
        {
            return plan;
        }

        var officeEvents = Math.Max(50, (int)Math.Round(OfficeEvents * scale));
        return plan with
        {
            LargeOfficeAuditEvents = officeEvents,
            AuditEvents = officeEvents + (plan.AuditEvents - plan.LargeOfficeAuditEvents),
        };
    }

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var smoke = false;
        var soak = false;
        var atScale = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--smoke")
            {
                smoke = true;
            }
            else if (args[i] == "--soak")
            {
                soak = true;
            }
            else if (args[i] == "--at-scale")
            {
                atScale = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'. Run the benchmark with bench/run.sh [--smoke | --soak [--minutes N] | --at-scale [--office-events N]].");
            }
        }

        string Required(string name) => values.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"--{name} is missing. Run the benchmark with bench/run.sh [--smoke | --soak [--minutes N] | --at-scale [--office-events N]].");

        var portal = Path.GetFullPath(Required("portal"));
        var minutes = values.TryGetValue("minutes", out var m) && int.TryParse(m, out var parsed) && parsed > 0
            ? parsed
            : DefaultSoakMinutes;
        return new BenchOptions(
            smoke,
            soak,
            minutes,
            Required("server"),
            portal,
            Path.GetFullPath(Required("content-root")),
            Path.GetFullPath(Required("out")),
            values.TryGetValue("doc", out var doc) && !smoke ? Path.GetFullPath(doc) : null,
            values.GetValueOrDefault("command") ?? "bench/run.sh" + (smoke ? " --smoke" : ""),
            values.TryGetValue("peer", out var peer) ? Path.GetFullPath(peer) : "",
            values.TryGetValue("peer-content-root", out var peerRoot) ? Path.GetFullPath(peerRoot) : "",
            atScale,
            values.TryGetValue("office-events", out var events) && int.TryParse(events, out var count) && count > 0 ? count : DefaultOfficeEvents);
    }
}
