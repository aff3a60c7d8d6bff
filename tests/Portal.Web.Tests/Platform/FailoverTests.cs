using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// A failover under two running instances: the primary's machine dies (SIGKILL), the synchronous
/// standby is promoted, and the portal — given both hosts in one connection string — finds the new
/// primary by itself. During the gap it answers the friendly 503 with Retry-After; afterwards every
/// acknowledged write is on the new primary, sessions carry on, and a logout on one instance ends the
/// session on the other at once, because each LISTEN connection moved to the new primary too.
/// (bench/failover.sh does the same with Patroni, etcd and nginx, and measures it.)
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class FailoverTests : IAsyncLifetime
{
    private const string Database = "portal";
    private readonly ReplicatedPostgres _postgres = new();
    private readonly string _mail = Path.Combine(Path.GetTempPath(), "portal-failover-mail-" + Guid.NewGuid().ToString("N")[..8]);
    private PortalProcess? _a;
    private PortalProcess? _b;
    private string _email = "";
    private string _slug = "";

    [Fact]
    public async Task After_the_primary_dies_the_instances_reach_the_promoted_standby_without_a_restart()
    {
        var survivor = await SignedInAsync(_a!.Url);
        var leaver = await SignedInAsync(_a.Url);
        var leaverCookies = leaver.Cookies.GetCookies(new Uri(_a.Url));
        var leaverOnB = Client(_b!.Url, leaver.Cookies);
        Assert.Equal(HttpStatusCode.OK, (await leaverOnB.GetAsync("/account/security")).StatusCode);

        var forms = new[] { await survivor.Client.GetPageAsync($"/o/{_slug}/e/main/clients/new"), await Client(_b.Url, survivor.Cookies).GetPageAsync($"/o/{_slug}/e/main/clients/new") };
        var writers = new[] { survivor.Client, Client(_b.Url, survivor.Cookies) };
        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var bodies = new ConcurrentBag<string>();
        var killedAt = Stopwatch.StartNew();
        var firstWriteAfterKill = TimeSpan.Zero;
        var killed = false;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"Failover client {w}-{i}";
                try
                {
                    using var response = await writers[w].SubmitAsync(forms[w], "main form", new Dictionary<string, string> { ["Input.Name"] = name });
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.Redirect)
                    {
                        acknowledged.Add(name);
                        if (Volatile.Read(ref killed) && firstWriteAfterKill == TimeSpan.Zero)
                        {
                            firstWriteAfterKill = killedAt.Elapsed;
                        }
                    }
                    else
                    {
                        Assert.Equal("30", response.Headers.RetryAfter?.ToString());
                        bodies.Add(await response.Content.ReadAsStringAsync());
                        await Task.Delay(100);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not acknowledged: nothing to check for this one.
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1));
        await _postgres.KillPrimaryAsync();
        killedAt.Restart();
        Volatile.Write(ref killed, true);
        // Longer than the retries last (3, about a second apart), so some requests meet the 503 page.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await _postgres.PromoteStandbyAsync();
        await WaitUntilAsync(() => Task.FromResult(firstWriteAfterKill != TimeSpan.Zero), "no write succeeded after the failover");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Redirect, HttpStatusCode.ServiceUnavailable }));
        Assert.All(bodies, b => Assert.DoesNotContain("   at ", b));

        // Counted on the promoted standby, the only database left.
        await using (var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(_postgres.Standby(Database)).Options))
        {
            var stored = (await db.Clients.Select(c => c.Name).ToListAsync()).ToHashSet();
            var lost = acknowledged.Where(name => !stored.Contains(name)).ToList();
            Assert.True(acknowledged.Count >= 2, $"Only {acknowledged.Count} writes acknowledged");
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes lost: " + string.Join(", ", lost.Take(5)));
        }

        // The session signed in before the failover carries on, on both instances.
        Assert.Equal(HttpStatusCode.OK, (await survivor.Client.GetAsync("/account/security")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(_b.Url, survivor.Cookies).GetAsync("/account/security")).StatusCode);

        // B's LISTEN connection is back, on the new primary; a logout through A reaches it at once.
        await WaitUntilAsync(async () => await ReadyAsync(_b.Url) == "Healthy", "B never listened again");
        Assert.Equal(HttpStatusCode.OK, (await leaverOnB.GetAsync("/account/security")).StatusCode);
        var page = await leaver.Client.GetPageAsync("/account/security");
        await leaver.Client.SubmitAsync(page, "form[action='/logout']");
        var replay = new CookieContainer();
        replay.Add(leaverCookies);
        var replayOnB = Client(_b.Url, replay);
        var deadline = DateTime.UtcNow.AddSeconds(2);
        HttpResponseMessage refused;
        do
        {
            refused = await replayOnB.GetAsync("/account/security");
        }
        while (refused.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }

    public async Task InitializeAsync()
    {
        await _postgres.StartAsync(async () =>
        {
            await ReplicatedPostgres.PsqlAsync(_postgres.PrimaryPort, $"CREATE DATABASE {Database}");
            await using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(_postgres.Primary(Database)).Options);
            await db.Database.MigrateAsync();
            (_email, _slug) = await OfficeSeed.AdminAsync(db, "failover", "Failover Office", "Failover Person");
        });
        NpgsqlConnection.ClearAllPools();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Portal"] = _postgres.MultiHost(Database),
            ["Mail__PickupDirectory"] = _mail,
        };
        var starting = new[] { PortalProcess.StartAsync(Database, settings), PortalProcess.StartAsync(Database, settings) };
        (_a, _b) = (await starting[0], await starting[1]);
    }

    public async Task DisposeAsync()
    {
        foreach (var portal in new[] { _a, _b })
        {
            if (portal is not null)
            {
                await portal.DisposeAsync();
            }
        }

        NpgsqlConnection.ClearAllPools();
        await _postgres.StopAsync();
        if (Directory.Exists(_mail))
        {
            Directory.Delete(_mail, recursive: true);
        }
    }

    private async Task<(PortalClient Client, CookieContainer Cookies)> SignedInAsync(string url)
    {
        var cookies = new CookieContainer();
        var client = Client(url, cookies);
        await client.LoginOkAsync(_email);
        return (client, cookies);
    }

    private static PortalClient Client(string url, CookieContainer cookies)
    {
        var http = PortalCluster.Client(cookies);
        http.BaseAddress = new Uri(url);
        return new PortalClient(http);
    }

    private static async Task<string> ReadyAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await (await http.GetAsync(url + "/health/ready")).Content.ReadAsStringAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }
}
