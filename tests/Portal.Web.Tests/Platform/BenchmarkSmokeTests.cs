using System.Diagnostics;
using System.Text.Json;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The benchmark must not rot between its runs, so its smoke mode (a tiny dataset, two seconds a row,
/// its own PostgreSQL cluster on port 55436) runs with the tests. It asserts that every row could be
/// measured and the SQL round trips per page — never speeds, which mean nothing on a shared machine.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Smoke_run_measures_every_row_and_the_peer_and_each_page_takes_at_most_three_sql_round_trips()
    {
        var root = Browser.BrowserChecks.RepositoryRoot();
        var output = Path.Combine(Path.GetTempPath(), "portal-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync(root, Path.Combine(root, "bench", "run.sh"), "--smoke", "--out", output);

            Assert.True(exitCode == 0, $"bench/run.sh --smoke exited with {exitCode}:\n{stdout}\n{stderr}");
            Assert.Contains("| # | Measure | Result | Compared with | Ratio | Target | Met |", stdout);
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "smoke.json")));
            var full = results.RootElement.GetProperty("Full");
            var login = full.GetProperty("Login").GetProperty("Load");
            Assert.True(login.GetProperty("Requests").GetInt64() > 0, "no login was measured");
            Assert.Equal(0, login.GetProperty("Failures").GetInt64());
            var secondFactor = full.GetProperty("SecondFactor");
            Assert.True(secondFactor.GetProperty("Load").GetProperty("Requests").GetInt64() > 0, "no second-factor step was measured");
            Assert.Equal(0, secondFactor.GetProperty("Load").GetProperty("Failures").GetInt64());
            Assert.True(secondFactor.GetProperty("SqlRoundTrips").GetInt32() > 0, "the second-factor step's SQL round trips were not counted");
            Assert.True(full.GetProperty("Bare").GetProperty("Load").GetProperty("Requests").GetInt64() > 0, "the bare endpoint was not measured");
            Assert.True(full.GetProperty("PeakMemory").GetProperty("Bytes").GetInt64() > 0, "the portal's memory was not sampled");

            foreach (var size in new[] { full, results.RootElement.GetProperty("Small") })
            {
                var pages = size.GetProperty("Pages").EnumerateArray().ToList();
                Assert.Contains(pages, p => p.GetProperty("Name").GetString() == "Environment home" && p.GetProperty("Built").GetBoolean());
                foreach (var page in pages.Where(p => p.GetProperty("Built").GetBoolean()))
                {
                    var name = page.GetProperty("Name").GetString();
                    Assert.True(page.GetProperty("Load").GetProperty("Requests").GetInt64() > 0, $"{name} was not measured");
                    var sql = page.GetProperty("SqlRoundTrips").GetInt32();
                    Assert.True(sql <= 3, $"{name} takes {sql} SQL round trips per request (at most 3)");
                }

                foreach (var page in pages.Where(p => !p.GetProperty("Built").GetBoolean()))
                {
                    Assert.Contains($"(`{page.GetProperty("Path").GetString()}`", stdout);
                }
            }

            // The peer (the stock Identity template): every pair measured on both sides, the SQL counted on both.
            Assert.Contains("| # | Measure | Portal | Stock Identity template | Portal / peer | Target | Met |", stdout);
            var peer = results.RootElement.GetProperty("Peer");
            var pairs = peer.GetProperty("Pages").EnumerateArray().ToList();
            Assert.Equal(4, pairs.Count);
            foreach (var pair in pairs)
            {
                var name = pair.GetProperty("Name").GetString();
                Assert.True(pair.GetProperty("Portal").GetProperty("Load").GetProperty("Requests").GetInt64() > 0, $"{name}: the portal was not measured");
                Assert.True(pair.GetProperty("Peer").GetProperty("Load").GetProperty("Requests").GetInt64() > 0, $"{name}: the peer was not measured");
                Assert.Equal(JsonValueKind.Object, pair.GetProperty("PeerStatements").ValueKind);
                if (pair.GetProperty("PortalPath").GetString() is "/account/security" or "/o/office-0000/e/exact-online")
                {
                    var sql = pair.GetProperty("PortalSqlRoundTrips").GetInt32();
                    Assert.True(sql <= 2, $"{name} takes {sql} SQL round trips per request (at most 2)");
                    Assert.Equal(0, pair.GetProperty("PortalStatements").GetProperty("Resets").GetDouble());
                }
            }

            var peerLogin = peer.GetProperty("Login");
            Assert.True(peerLogin.GetProperty("Peer").GetProperty("Load").GetProperty("Requests").GetInt64() > 0, "no login of the peer was measured");
            Assert.Equal(0, peerLogin.GetProperty("Peer").GetProperty("Load").GetProperty("Failures").GetInt64());
            Assert.True(peerLogin.GetProperty("PeerStatements").GetProperty("Queries").GetDouble() > 0, "the peer's login statements were not counted");
            Assert.True(peer.GetProperty("PeerPeakResidentBytes").GetInt64() > 0, "the peer's memory was not sampled");

            Assert.DoesNotContain("Problem:", stdout);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string root, params string[] command)
    {
        var start = new ProcessStartInfo("bash", command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bench/run.sh --smoke ran longer than {Limit.TotalMinutes} minutes:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
