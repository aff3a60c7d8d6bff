namespace Portal.Bench;

/// <summary>
/// Logins before the measured ones, in rounds of <see cref="BenchOptions.LoginWarmup"/>, until the CPU
/// per login settles: at a few logins a second the runtime keeps recompiling the code around the hash
/// for a few hundred logins (a profile of the portal showed its JIT at 7 % of the CPU after 200 logins
/// and 0.1 % after 550), so a fixed ten seconds measured part of the start-up rather than the login.
/// The same for the portal and the peer.
/// </summary>
public sealed class LoginWarmup(BenchOptions options, Wrk wrk, Action<string> log)
{
    /// <summary>Settled: a round no more than this fraction better than the best before it (PBKDF2 is most of a login, so its noise is small).</summary>
    private const double Tolerance = 0.02;

    public async Task RunAsync(string name, PortalBrowser browser, Uri url, Visitor form, (int First, int Count) users, int connections, CpuMeter cpu)
    {
        var rounds = new List<double>();
        do
        {
            var before = cpu.Take();
            var load = await wrk.LoginAsync(url, form, users, connections, options.LoginWarmup);
            // The logins still in flight finish before one more login is answered.
            await browser.ProbeAsync(url.AbsolutePath, form, PortalBrowser.LoginForm(SeededDataset.Email(users.First), SeededDataset.Password, form.AntiforgeryToken));
            var perLogin = CpuMeter.PerRequest(before, cpu.Take(), load.Requests + connections + 1);
            rounds.Add(perLogin.PortalMilliseconds + perLogin.DatabaseMilliseconds);
        }
        while (rounds.Count < options.MinLoginWarmupRounds || (rounds.Count < options.MaxLoginWarmupRounds && !WarmupCurve.Settled(rounds, 1, Tolerance)));

        log($"  {name}: warmed up in {rounds.Count} rounds, CPU per login {string.Join(" → ", rounds.Select(r => $"{r:0.0}"))} ms");
    }
}
