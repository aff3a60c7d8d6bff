using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;
using Portal.Web.Tests.Browser;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// PostgreSQL restarted while the portal takes writes: requests during the gap fail politely (503),
/// the portal reconnects by itself, and every write it acknowledged is in the database afterwards.
/// The cluster is a private one of this test (fsync on, as in production), so the rest of the
/// suite never sees the restart.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "portal-restart-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _pgPort = FreePort();
    private Process? _portal;

    private string ConnectionString => $"Host=127.0.0.1;Port={_pgPort};Username=postgres;Database=portal;Timeout=5";

    [Fact]
    public async Task Every_acknowledged_write_survives_a_database_restart_under_load()
    {
        var (email, slug) = await SeedAsync();
        var portalUrl = await StartPortalAsync();
        var client = new PortalClient(new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(portalUrl),
            Timeout = TimeSpan.FromSeconds(30),
        });
        await client.LoginOkAsync(email);
        var form = await client.GetPageAsync($"/o/{slug}/e/main/clients/new");
        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"Restart client {writer}-{i}";
                try
                {
                    var response = await client.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Name"] = name });
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.Redirect)
                    {
                        acknowledged.Add(name);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not acknowledged: nothing to check for this one.
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        await DbScriptAsync("stop");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await DbScriptAsync("start");
        await WaitUntilAsync(async () => (await client.GetAsync($"/o/{slug}/e/main")).StatusCode == HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        // This process's own pooled connections died with the restart too.
        NpgsqlConnection.ClearAllPools();
        await using var db = Database();
        var stored = (await db.Clients.Select(c => c.Name).ToListAsync()).ToHashSet();
        var lost = acknowledged.Where(name => !stored.Contains(name)).ToList();
        Assert.True(acknowledged.Count > 10, $"Only {acknowledged.Count} writes acknowledged");
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes lost: " + string.Join(", ", lost.Take(5)));
    }

    public async Task InitializeAsync()
    {
        await DbScriptAsync("start");
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={_pgPort};Username=postgres;Database=postgres");
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE portal", connection);
        await create.ExecuteNonQueryAsync();
        await using var db = Database();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null)
        {
            _portal.Kill(entireProcessTree: true);
            await _portal.WaitForExitAsync();
            _portal.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        await DbScriptAsync("wipe");
    }

    private PortalDbContext Database() => new(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(ConnectionString).Options);

    private async Task<(string Email, string Slug)> SeedAsync()
    {
        await using var db = Database();
        return await OfficeSeed.AdminAsync(db, "restart", "Restart Office", "Writer");
    }

    private async Task<string> StartPortalAsync()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ConnectionStrings__Portal"] = ConnectionString;
        start.Environment["Portal__PublicBaseUrl"] = url;
        start.Environment["Portal__RequireHttps"] = "false";
        start.Environment["Mail__PickupDirectory"] = Path.Combine(_dataDir + "-mail");
        start.Environment["RateLimiting__AuthPermitsPerMinute"] = "10000";
        _portal = Process.Start(start)!;
        _portal.OutputDataReceived += (_, _) => { };
        _portal.ErrorDataReceived += (_, _) => { };
        _portal.BeginOutputReadLine();
        _portal.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitUntilAsync(async () => (await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode);
        return url;
    }

    private async Task DbScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(BrowserChecks.RepositoryRoot(), "scripts", "db.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PORTAL_PG_PORT"] = _pgPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PORTAL_DATA_DIR"] = _dataDir;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"db.sh {command}: {await error}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not there yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
