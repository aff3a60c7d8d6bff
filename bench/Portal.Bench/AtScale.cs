using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Portal.Bench;

/// <summary>
/// <c>bench/run.sh --at-scale [--office-events N]</c>: the audit log and the members page at scale.
/// The large office holds N audit events (default 10,000,000, written by PostgreSQL itself with
/// generate_series into the monthly partitions) and 500 members; the 1 % dataset a hundredth of
/// both. Each page is loaded at 64 connections on the full size (p50, p99, SQL round trips) and
/// compared with the 1 % size in alternating runs (the latency ratio). The table is printed,
/// written to the output folder and recorded in docs/benchmarks.md between its at-scale markers.
/// </summary>
public sealed partial class Benchmark
{
    public const string AtScaleBegin = "<!-- bench-at-scale:start -->";
    public const string AtScaleEnd = "<!-- bench-at-scale:end -->";

    /// <summary>The issue's targets: full size within 1.2× of the 1 % size, the members page's p99 under 100 ms.</summary>
    private const double MaxSizeRatio = 1.2;
    private const double MaxMembersP99Milliseconds = 100;

    public static async Task<int> RunAtScaleAsync(BenchOptions options)
    {
        var (startedAt, wall, machine, seeder, wrk) = RunStart.Begin(options, Log);
        var benchmark = new Benchmark(options, machine, seeder, wrk, DatasetSeeder.HashPassword(SeededDataset.Password));
        var pages = new List<PageMeasurement>();
        TimeSpan smallSeed, fullSeed;
        string fullPhases;
        await using (var small = await benchmark.StartAsync(options.SmallPlan, "small"))
        await using (var full = await benchmark.StartAsync(options.FullPlan, "full"))
        {
            (smallSeed, fullSeed, fullPhases) = (small.Dataset.SeedTime, full.Dataset.SeedTime, full.Dataset.Phases);
            foreach (var scenario in Scenarios.Pages.Where(s => s.Name is "Audit log" or "Admin users"))
            {
                var page = await benchmark.MeasurePageAsync(full, scenario);
                if (page.Load is not null)
                {
                    var (_, comparison) = await benchmark.CompareSizesAsync(small, full, scenario);
                    page = page with { Comparison = comparison };
                }

                pages.Add(page);
            }
        }

        var section = AtScaleSection(options, machine, startedAt, wall.Elapsed, fullSeed, smallSeed, fullPhases, pages, benchmark._problems);
        Console.WriteLine(section);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "at-scale.md"), section);
        await File.WriteAllTextAsync(
            Path.Combine(options.OutputDirectory, "at-scale.json"),
            JsonSerializer.Serialize(new { options.FullPlan, options.SmallPlan, fullSeed, smallSeed, pages, benchmark._problems }, Indented));
        if (options.DocumentPath is { } document)
        {
            await Report.WriteDocumentAsync(document, AtScaleBegin, AtScaleEnd, section);
            Log($"Recorded in {document}");
        }

        Log($"Done in {wall.Elapsed.TotalSeconds:0} s");
        return benchmark._problems.Count == 0 ? 0 : 1;
    }

    private static string AtScaleSection(
        BenchOptions options, Machine machine, DateTimeOffset startedAt, TimeSpan wall, TimeSpan fullSeed, TimeSpan smallSeed, string fullPhases,
        List<PageMeasurement> pages, List<string> problems)
    {
        var invariant = CultureInfo.InvariantCulture;
        var full = options.FullPlan;
        var text = new StringBuilder();
        text.AppendLine(invariant, $"Run of {startedAt:yyyy-MM-dd HH:mm} UTC ({wall.TotalMinutes:0} min), `{options.Command}`, on {machine}.");
        text.AppendLine(invariant, $"Seeded: {full.Describe()}; the large office {full.LargeOfficeAuditEvents:N0} events and {full.LargeOfficeMembers:N0} members, in {fullSeed.TotalSeconds:0} s ({fullPhases}); the 1 % dataset in {smallSeed.TotalSeconds:0} s.");
        text.AppendLine();
        text.AppendLine("| # | Measure | Full size | 1 % | Ratio | Target | Met |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        var row = 0;
        foreach (var page in pages)
        {
            if (page.Load is not { } load)
            {
                text.AppendLine(invariant, $"| S{++row} | {page.Name} | n/a |  |  |  |  |");
                continue;
            }

            var p99Target = page.Name == "Admin users" ? $"< {MaxMembersP99Milliseconds:0} ms" : "";
            bool? p99Met = page.Name == "Admin users" ? load.P99Milliseconds < MaxMembersP99Milliseconds : null;
            text.AppendLine(invariant,
                $"| S{++row} | {page.Name} ({page.Detail}), 64 connections | {load.RequestsPerSecond:N0} req/s · p50 {load.P50Milliseconds:0.0} ms · p99 {load.P99Milliseconds:0.0} ms · {page.SqlRoundTrips?.ToString(invariant) ?? "?"} SQL · CPU per request {page.Cpu?.PortalMilliseconds:0.00} + {page.Cpu?.DatabaseMilliseconds:0.00} ms |  |  | {p99Target} | {Verdict(p99Met)} |");
            if (page.Comparison is { } c)
            {
                text.AppendLine(invariant,
                    $"| S{++row} | {page.Name}: latency at full size against 1 %, {c.Rounds} alternating runs | p50 {c.FullP50Milliseconds:0.0} ms · CPU {c.FullCpu.PortalMilliseconds + c.FullCpu.DatabaseMilliseconds:0.00} ms | p50 {c.SmallP50Milliseconds:0.0} ms · CPU {c.SmallCpu.PortalMilliseconds + c.SmallCpu.DatabaseMilliseconds:0.00} ms | {c.Ratio:0.00}× | ≤ {MaxSizeRatio:0.0}× | {Verdict(c.Ratio <= MaxSizeRatio)} |");
            }
        }

        foreach (var problem in problems)
        {
            text.AppendLine();
            text.AppendLine(invariant, $"**Problem:** {problem}");
        }

        return text.ToString();

        static string Verdict(bool? met) => met switch { true => "met", false => "**not met**", null => "" };
    }
}
