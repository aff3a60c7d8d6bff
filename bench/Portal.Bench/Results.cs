namespace Portal.Bench;

/// <summary>One signed-in page at one dataset size. <see cref="Built"/> is false while the page answers 404.</summary>
public sealed record PageMeasurement(
    string Name,
    string Detail,
    string Path,
    bool Built,
    LoadResult? Load,
    int? SqlRoundTrips,
    CpuPerRequest? Cpu = null,
    SizeComparison? Comparison = null);

/// <summary>The same page on the 1 % and the full dataset, each side's median of alternating runs.</summary>
public sealed record SizeComparison(
    double SmallP50Milliseconds, double FullP50Milliseconds, CpuPerRequest SmallCpu, CpuPerRequest FullCpu, int Rounds)
{
    public double Ratio => FullP50Milliseconds / SmallP50Milliseconds;
}

/// <summary>
/// The login row (<c>PerSecond</c>: completed logins per second between the run's first and last
/// completion, from the portal's audit record), beside raw PBKDF2's rate and the CPU one
/// verification takes, and the CPU one login takes.
/// </summary>
public sealed record LoginMeasurement(
    LoadResult Load,
    double PerSecond,
    int Connections,
    double Pbkdf2PerSecond,
    double Pbkdf2CpuMilliseconds,
    CpuPerRequest Cpu,
    int? SqlRoundTrips);

/// <summary>The second-factor step with a valid TOTP code: the run's figures, SQL round trips and CPU per step (its server time).</summary>
public sealed record SecondFactorMeasurement(LoadResult Load, int Connections, int? SqlRoundTrips, CpuPerRequest Cpu);

public sealed record BareMeasurement(LoadResult Load, int? SqlRoundTrips, CpuPerRequest Cpu);

/// <summary>Everything measured against one seeded dataset (the 1 % one measures the pages only).</summary>
public sealed record SizeMeasurement(
    DatasetPlan Plan,
    TimeSpan SeedTime,
    TimeSpan ColdStart,
    IReadOnlyList<PageMeasurement> Pages,
    LoginMeasurement? Login = null,
    SecondFactorMeasurement? SecondFactor = null,
    BareMeasurement? Bare = null,
    IReadOnlyList<ResidentPeak>? Memory = null)
{
    /// <summary>The highest resident memory of any row, and which.</summary>
    public ResidentPeak? PeakMemory => Memory?.MaxBy(m => m.Bytes);
}

/// <summary>The portal's highest resident memory (VmRSS) during one row.</summary>
public sealed record ResidentPeak(string Row, long Bytes);

public sealed record BenchResults(
    bool Smoke,
    DateTimeOffset StartedAt,
    TimeSpan WallTime,
    Machine Machine,
    string LoadAverageAfter,
    string PostgresVersion,
    string Command,
    int RowSeconds,
    SizeMeasurement Full,
    SizeMeasurement Small,
    IReadOnlyList<string> Problems,
    PeerMeasurement? Peer = null);
