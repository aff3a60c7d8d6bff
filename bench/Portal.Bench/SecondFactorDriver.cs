using System.Diagnostics;
using System.Net;
using Portal.Core.Mfa;

namespace Portal.Bench;

/// <summary>A second-factor user whose password step is done: the cookies of the waiting login and the form's token.</summary>
public sealed record PendingUser(int User, Visitor Pending);

/// <summary>
/// Drives the second-factor step, which wrk cannot: every request needs its own waiting login and a
/// code that is valid at the moment it is sent. A code's time step is accepted once per authenticator
/// (RFC 6238 §5.2), and one step either side is allowed, so each user passes the step three times in a
/// row (steps now−1, now and now+1, in that order) on the same waiting login: the server does the same
/// work each time (read the waiting login, find the person, decrypt the secret, check the code, mark
/// its step used, start the session, audit).
/// </summary>
public sealed class SecondFactorDriver(Uri baseAddress)
{
    public const int StepsPerUser = 3;

    /// <summary>Runs every user's steps over <paramref name="connections"/> concurrent workers.</summary>
    public async Task<SecondFactorRun> RunAsync(IReadOnlyList<PendingUser> users, int connections)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = connections,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var latencies = new List<double>();
        var sql = new List<int>();
        long failures = 0;
        var next = -1;
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < users.Count)
            {
                var user = users[index];
                var secret = SeededDataset.TotpSecret(user.User);
                for (var k = 0; k < StepsPerUser; k++)
                {
                    // Computed when sent: the steps stay in order even when a 30-second boundary passes.
                    var code = Totp.Hotp(secret, Totp.StepAt(DateTimeOffset.UtcNow) - 1 + k);
                    var (ok, milliseconds, roundTrips) = await PostAsync(http, user.Pending, code);
                    lock (latencies)
                    {
                        latencies.Add(milliseconds);
                        if (roundTrips is { } n)
                        {
                            sql.Add(n);
                        }

                        if (!ok)
                        {
                            failures++;
                        }
                    }
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        wall.Stop();
        latencies.Sort();
        sql.Sort();
        var load = new LoadResult(
            latencies.Count,
            wall.Elapsed.TotalMicroseconds,
            Percentile(latencies, 0.50) * 1000,
            Percentile(latencies, 0.99) * 1000,
            latencies.Count == 0 ? 0 : latencies.Average() * 1000,
            0, 0, 0, 0, 0,
            failures);
        return new SecondFactorRun(load, sql.Count == 0 ? null : sql[sql.Count / 2]);
    }

    /// <summary>True when the code signed the person in: a redirect away from the login pages.</summary>
    private static async Task<(bool Ok, double Milliseconds, int? SqlRoundTrips)> PostAsync(HttpClient http, Visitor pending, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Scenarios.SecondFactor, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(
            [
                new("Input.Code", code),
                new("Input.RememberDevice", "false"),
                new("__RequestVerificationToken", pending.AntiforgeryToken),
            ]),
        };
        request.Headers.Add("Cookie", pending.CookieHeader);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            watch.Stop();
            var location = response.Headers.Location?.OriginalString ?? "";
            var ok = response.StatusCode == HttpStatusCode.Redirect && !location.StartsWith(Scenarios.Login, StringComparison.Ordinal);
            var sql = response.Headers.TryGetValues(PortalBrowser.SqlRoundTripHeader, out var values) && int.TryParse(values.First(), out var n)
                ? n
                : (int?)null;
            return (ok, watch.Elapsed.TotalMilliseconds, sql);
        }
        catch (HttpRequestException)
        {
            return (false, watch.Elapsed.TotalMilliseconds, null);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>One run of the second-factor step: the load figures and the median SQL round trips per step.</summary>
public sealed record SecondFactorRun(LoadResult Load, int? SqlRoundTrips);
