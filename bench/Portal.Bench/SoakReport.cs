using System.Globalization;
using System.Text;

namespace Portal.Bench;

/// <summary>One 30-second slice of the soak. Resident memory: the median and the peak of one sample a second.</summary>
public sealed record SoakSlice(
    int Index,
    double StartSeconds,
    double EndSeconds,
    long PageRequests,
    long PageServerErrors,
    long PageOtherErrors,
    double PageP99Milliseconds,
    long Journeys,
    long JourneyServerErrors,
    long JourneyFailures,
    long ResidentMedianBytes,
    long ResidentPeakBytes,
    long AnonymousMedianBytes,
    long SharedMedianBytes);

public sealed record SoakResults(
    DateTimeOffset StartedAt,
    TimeSpan WallTime,
    Machine Machine,
    string LoadAverageAfter,
    string Command,
    int Minutes,
    string Dataset,
    IReadOnlyList<string> Paths,
    int PageConnections,
    int PeopleWorkers,
    IReadOnlyList<SoakSlice> Slices,
    long Strangers,
    bool ReadyAtEnd,
    bool PortalAlive,
    int ErrorLogLines,
    string? FirstFailure)
{
    public long ServerErrors => Slices.Sum(s => s.PageServerErrors + s.JourneyServerErrors);

    public long Failures => Slices.Sum(s => s.PageOtherErrors + s.JourneyFailures);

    /// <summary>
    /// The median memory of the first minute after <see cref="Soak.WarmUpMinutes"/> (the baseline) and
    /// of the last minute. Before that the runtime is still compiling hot code optimised: the shared
    /// (run-time code) part of the memory grows for the first two to three minutes of this load and
    /// then stays put, so growth measured from an earlier baseline is warm-up, not a leak.
    /// </summary>
    public (double Baseline, double LastMinute) MemoryMegabytes
    {
        get
        {
            const int perSlice = Soak.SlicesPerMinute;
            var baseline = Slices.Skip(Soak.WarmUpMinutes * perSlice).Take(perSlice).ToList();
            var last = Slices.TakeLast(perSlice).ToList();
            return (Median(baseline.Count > 0 ? baseline : Slices), Median(last));

            static double Median(IReadOnlyList<SoakSlice> slices) =>
                slices.Count == 0 ? 0 : slices.Select(s => s.ResidentMedianBytes).Order().ElementAt(slices.Count / 2) / (1024.0 * 1024);
        }
    }

    public double MemoryGrowth => MemoryMegabytes.Baseline > 0 ? MemoryMegabytes.LastMinute / MemoryMegabytes.Baseline - 1 : 0;

    public bool MemoryFlat => MemoryGrowth <= Soak.MaxMemoryGrowth;

    public bool Passed => Slices.Count > 0 && ServerErrors == 0 && Failures == 0 && MemoryFlat && ReadyAtEnd && PortalAlive && ErrorLogLines == 0;
}

/// <summary>The soak's record: the run's facts, one row per minute, and the verdicts.</summary>
public static class SoakReport
{
    public const string Begin = "<!-- soak:begin (written by bench/run.sh --soak; edit outside these markers) -->";
    public const string End = "<!-- soak:end -->";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Section(SoakResults r)
    {
        var text = new StringBuilder();
        var m = r.Machine;
        text.AppendLine(Invariant, $"- **Date:** {r.StartedAt:yyyy-MM-dd HH:mm} UTC; {r.Minutes} minutes of load, the whole run took {r.WallTime.TotalMinutes:0.0} min");
        text.AppendLine(Invariant, $"- **Command:** `{r.Command}`");
        text.AppendLine(Invariant, $"- **Machine:** {m.Cores} cores, {m.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {m.Cpu}; {m.Runtime}; load average at the start {m.LoadAverage}, at the end {r.LoadAverageAfter}");
        text.AppendLine(Invariant, $"- **Dataset:** {r.Dataset}");
        text.AppendLine(Invariant, $"- **Load** (loopback only): wrk on {r.Paths.Count} signed-in pages in turn over {r.PageConnections} connections ({string.Join(", ", r.Paths.Select(p => $"`{p}`"))}); meanwhile {r.PeopleWorkers} people at a time sign in with password and TOTP, open `/` and `/account/security` and sign out, and every third time a stranger fails to sign in ({r.Strangers:N0} in all)");
        text.AppendLine();
        text.AppendLine("| Minute | Page requests | Page 5xx | Pages: other errors | Page p99 | Sign-ins (password + TOTP + sign-out) | Sign-in 5xx | Sign-in failures | RSS median | RSS peak | of which heap and native (anonymous) | of which run-time code (shared) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var minute in r.Slices.GroupBy(s => (int)(s.StartSeconds / 60)))
        {
            var slices = minute.ToList();
            text.AppendLine(Invariant,
                $"| {minute.Key + 1} | {slices.Sum(s => s.PageRequests):N0} | {slices.Sum(s => s.PageServerErrors)} | {slices.Sum(s => s.PageOtherErrors)} | " +
                $"{slices.Max(s => s.PageP99Milliseconds):0} ms | {slices.Sum(s => s.Journeys):N0} | {slices.Sum(s => s.JourneyServerErrors)} | {slices.Sum(s => s.JourneyFailures)} | " +
                $"{slices.Max(s => s.ResidentMedianBytes) / 1048576.0:0} MB | {slices.Max(s => s.ResidentPeakBytes) / 1048576.0:0} MB | " +
                $"{slices.Max(s => s.AnonymousMedianBytes) / 1048576.0:0} MB | {slices.Max(s => s.SharedMedianBytes) / 1048576.0:0} MB |");
        }

        var total = r.Slices.Sum(s => s.PageRequests);
        var journeys = r.Slices.Sum(s => s.Journeys);
        var (baseline, last) = r.MemoryMegabytes;
        text.AppendLine();
        text.AppendLine(Invariant, $"- **5xx answers:** {r.ServerErrors} of {total:N0} page requests and {journeys:N0} sign-ins — {Verdict(r.ServerErrors == 0)} (target: zero)");
        text.AppendLine(Invariant, $"- **Other failures** (unexpected status, socket errors, timeouts): {r.Failures}{(r.FirstFailure is null ? "" : $"; the first: {r.FirstFailure}")} — {Verdict(r.Failures == 0)}");
        text.AppendLine(Invariant, $"- **Memory:** median RSS {baseline:0} MB in minute {Soak.WarmUpMinutes + 1} (the first after warm-up), {last:0} MB in the last ({r.MemoryGrowth * 100:+0.0;-0.0} %) — {Verdict(r.MemoryFlat)} (flat: at most +{Soak.MaxMemoryGrowth * 100:0} %)");
        text.AppendLine(Invariant, $"- **At the end:** `/health/ready` {(r.ReadyAtEnd ? "200" : "not ready")}, the portal {(r.PortalAlive ? "still running" : "had exited")}, {r.ErrorLogLines} error lines in its log — {Verdict(r.ReadyAtEnd && r.PortalAlive && r.ErrorLogLines == 0)}");
        return text.ToString();
    }

    private static string Verdict(bool met) => met ? "met" : "**not met**";
}
