namespace Portal.Bench;

/// <summary>
/// When a warm-up may stop: the CPU per request of successive rounds has reached a plateau. With
/// tiered compilation and dynamic PGO the runtime keeps recompiling hot code for a minute or so at 64
/// connections on 2 cores (a profile after 20 s showed the JIT at 14–16 % of the portal's CPU and many
/// methods still instrumented; after 90 s 0.6 %), and two rounds alike on the way down are chance:
/// measured that way, the members page cost 5.2 ms per request where its plateau is 2.5 ms.
/// </summary>
public static class WarmupCurve
{
    /// <summary>
    /// Settled: the best of the last <paramref name="window"/> rounds is no more than
    /// <paramref name="tolerance"/> better than the best of every round before them, so the curve has
    /// stopped falling (noise only ever makes a round slower).
    /// </summary>
    public static bool Settled(IReadOnlyList<double> rounds, int window, double tolerance)
    {
        if (rounds.Count <= window)
        {
            return false;
        }

        var earlier = rounds.Take(rounds.Count - window).Min();
        var recent = rounds.Skip(rounds.Count - window).Min();
        return recent >= (1 - tolerance) * earlier;
    }
}
