using System.Diagnostics;

namespace Portal.Bench;

/// <summary>What the benchmark and the soak both start with: the time, the machine, the seeder and wrk.</summary>
public sealed record RunStart(DateTimeOffset StartedAt, Stopwatch Wall, Machine Machine, DatasetSeeder Seeder, Wrk Wrk)
{
    public static RunStart Begin(BenchOptions options, Action<string> log)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var wall = Stopwatch.StartNew();
        var machine = Machine.Describe();
        log($"Machine: {machine}; load average {machine.LoadAverage}");
        Directory.CreateDirectory(options.OutputDirectory);
        return new RunStart(
            startedAt,
            wall,
            machine,
            new DatasetSeeder(options.ServerConnectionString),
            new Wrk(Path.Combine(options.OutputDirectory, "wrk"), machine.Cores));
    }
}
