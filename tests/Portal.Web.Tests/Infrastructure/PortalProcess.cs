using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The portal as a real process of its own (the built Portal.Web.dll) on a loopback port, so a
/// test can kill it with SIGKILL and start it again on the same database.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private Process? _process;

    private PortalProcess(string database, IDictionary<string, string> settings)
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = Url,
            ["ConnectionStrings__Portal"] = TestDatabase.ConnectionString(database),
            ["Portal__PublicBaseUrl"] = Url,
            ["Portal__RequireHttps"] = "false",
            ["RateLimiting__AuthPermitsPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string Url { get; }

    public static async Task<PortalProcess> StartAsync(string database, IDictionary<string, string> settings)
    {
        var portal = new PortalProcess(database, settings);
        await portal.StartAgainAsync();
        return portal;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(Url + "/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"The portal at {Url} did not start.");
            }

            await Task.Delay(200);
        }
    }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Runs one of the portal's commands (<c>mail status</c>, <c>support add</c> …) on the database; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string database, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll"), .. arguments])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Portal"] = TestDatabase.ConnectionString(database);
        start.Environment["Portal__PublicBaseUrl"] = "http://127.0.0.1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
