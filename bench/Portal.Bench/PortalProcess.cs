using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Portal.Bench;

/// <summary>
/// The portal (or the peer) as it runs in production: the built Portal.Web.dll (Peer.dll) in the
/// Production environment on a loopback port, its log going to a file. Measures the cold start
/// (process start to the first 200 from the login page) and samples the resident memory while load runs.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly CancellationTokenSource _stopSampling = new();
    private Task? _sampler;
    private long _peakResidentBytes;
    private bool _disposed;

    private PortalProcess(Process process, Uri baseAddress, string logFile)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogFile = logFile;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string LogFile { get; }

    public TimeSpan ColdStart { get; private set; }

    /// <summary>The highest VmRSS sampled since the last call.</summary>
    public long TakePeakResidentBytes() => Interlocked.Exchange(ref _peakResidentBytes, 0);

    /// <summary>
    /// The portal; its cold start runs to the first 200 from its login page (the figure compared with
    /// the peer's), then it must also answer <c>/health/ready</c> before anything is measured.
    /// </summary>
    public static Task<PortalProcess> StartAsync(BenchOptions options, string connectionString, string logFile) =>
        StartAsync(options.PortalDll, options.ContentRoot, logFile, Scenarios.Login, "/health/ready", environment =>
        {
            environment["ConnectionStrings__Portal"] = connectionString;
            environment["Portal__RequireHttps"] = "false";
            environment["RateLimiting__AuthPermitsPerMinute"] = "100000000";
            environment["Diagnostics__SqlRoundTripHeader"] = "true";
            environment["Mail__PickupDirectory"] = Path.Combine(Path.GetDirectoryName(logFile)!, "mail");
        });

    /// <summary>The stock Identity template (bench/peer.sh), as it runs out of the box but on PostgreSQL; ready at its login page.</summary>
    public static Task<PortalProcess> StartPeerAsync(BenchOptions options, string connectionString, string logFile) =>
        StartAsync(options.PeerDll, options.PeerContentRoot, logFile, PeerScenarios.Login, null, environment =>
            environment["ConnectionStrings__DefaultConnection"] = connectionString);

    private static async Task<PortalProcess> StartAsync(
        string dll, string contentRoot, string logFile, string coldStartPath, string? readyPath, Action<IDictionary<string, string?>> configure)
    {
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        // `exec` keeps the process's own pid (for the memory samples) and sends its output to the file.
        var start = new ProcessStartInfo("/bin/sh", ["-c", "exec dotnet \"$0\" >\"$1\" 2>&1", dll, logFile])
        {
            UseShellExecute = false,
            WorkingDirectory = contentRoot,
        };
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        environment["ASPNETCORE_CONTENTROOT"] = contentRoot;
        environment["Portal__PublicBaseUrl"] = baseAddress.ToString().TrimEnd('/');
        configure(environment);

        var watch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var portal = new PortalProcess(process, baseAddress, logFile);
        try
        {
            await portal.WaitUntilReadyAsync(coldStartPath);
            portal.ColdStart = watch.Elapsed;
            if (readyPath is not null)
            {
                await portal.WaitUntilReadyAsync(readyPath);
            }
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }

        return portal;
    }

    /// <summary>Samples VmRSS every 100 ms until <see cref="StopSamplingAsync"/>, keeping the peak.</summary>
    public void StartSampling() => _sampler ??= Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                var rss = ResidentBytes();
                if (rss > Interlocked.Read(ref _peakResidentBytes))
                {
                    Interlocked.Exchange(ref _peakResidentBytes, rss);
                }
            }
            while (await timer.WaitForNextTickAsync(_stopSampling.Token));
        }
        catch (OperationCanceledException)
        {
        }
    });

    public async Task StopSamplingAsync()
    {
        await _stopSampling.CancelAsync();
        if (_sampler is not null)
        {
            await _sampler;
        }
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopSamplingAsync();
        if (!_process.HasExited)
        {
            // SIGTERM first, so the portal shuts down as it would in production; SIGKILL if it hangs.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _stopSampling.Dispose();
    }

    private async Task WaitUntilReadyAsync(string path)
    {
        // The first page can take seconds to render on a busy machine (its code is compiled on first use).
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The portal exited with code {_process.ExitCode} while starting; see {LogFile}:\n{await TailAsync()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or still starting.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"The portal was not ready after {StartTimeout.TotalSeconds:0} s; see {LogFile}");
    }

    private async Task<string> TailAsync()
    {
        var lines = await File.ReadAllLinesAsync(LogFile);
        return string.Join('\n', lines.TakeLast(20));
    }

    /// <summary>The portal's resident memory now (VmRSS); 0 once it has exited.</summary>
    public long ResidentBytes() => Memory().Resident;

    /// <summary>
    /// VmRSS and its parts from /proc/[pid]/status: anonymous memory (the GC heap and native
    /// allocations), file-backed pages (the assemblies and native libraries) and shared memory (the
    /// runtime's double-mapped executable memory: code compiled at run time and its stubs). Zeros
    /// once the process has exited.
    /// </summary>
    public ResidentMemory Memory()
    {
        long resident = 0, anonymous = 0, file = 0, shared = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                ref var target = ref resident;
                switch (line[..colon])
                {
                    case "VmRSS":
                        break;
                    case "RssAnon":
                        target = ref anonymous;
                        break;
                    case "RssFile":
                        target = ref file;
                        break;
                    case "RssShmem":
                        target = ref shared;
                        break;
                    default:
                        continue;
                }

                target = long.Parse(line[(colon + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
            // The process has just exited.
        }

        return new ResidentMemory(resident, anonymous, file, shared);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Resident memory in bytes: the total and its anonymous, file-backed and shared parts.</summary>
public sealed record ResidentMemory(long Resident, long Anonymous, long File, long Shared);
