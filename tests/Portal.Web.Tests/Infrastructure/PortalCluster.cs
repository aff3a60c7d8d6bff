using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// Two real portal processes on one database behind nginx (loopback only, round-robin): what
/// "stateless apart from PostgreSQL" has to survive. nginx comes from Debian (scripts/test.sh
/// installs it) and runs in the foreground with a configuration of its own.
/// </summary>
public class PortalCluster : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-cluster", Guid.NewGuid().ToString("N"));
    private readonly List<Process> _processes = [];

    /// <summary>The instances' settings for the database (a subclass puts a pooler in between).</summary>
    protected virtual IReadOnlyDictionary<string, string> DatabaseSettings(string database) =>
        new Dictionary<string, string> { ["ConnectionStrings__Portal"] = TestDatabase.ConnectionString(database) };

    /// <summary>Runs once the database exists, before the instances start.</summary>
    protected virtual Task BeforeInstancesAsync() => Task.CompletedTask;

    /// <summary>Starts a process that the cluster stops with the rest (killed with its children).</summary>
    protected Process Track(Process process)
    {
        _processes.Add(process);
        return process;
    }

    protected string Root => _root;

    public string Database { get; private set; } = "";

    public string InstanceA { get; private set; } = "";

    public string InstanceB { get; private set; } = "";

    public string Proxy { get; private set; } = "";

    public Mailbox Mailbox => new(Path.Combine(_root, "mail"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        Database = await TestDatabase.CreateAsync("portal_test_cluster");
        await BeforeInstancesAsync();
        var (portA, portB, proxyPort) = (FreePort(), FreePort(), FreePort());
        InstanceA = $"http://127.0.0.1:{portA}";
        InstanceB = $"http://127.0.0.1:{portB}";
        Proxy = $"http://127.0.0.1:{proxyPort}";
        StartPortal(portA, "a");
        StartPortal(portB, "b");
        StartNginx(proxyPort, portA, portB);
        await WaitReadyAsync(InstanceA);
        await WaitReadyAsync(InstanceB);
        await WaitReadyAsync(Proxy);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        await TestDatabase.DropAsync(Database);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }

    /// <summary>A cookie-keeping client pointed at one address (cookies are shared across ports of 127.0.0.1).</summary>
    public static HttpClient Client(CookieContainer cookies) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private void StartPortal(int port, string name)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in DatabaseSettings(Database))
        {
            start.Environment[key] = value;
        }

        start.Environment["Portal__PublicBaseUrl"] = Proxy;
        start.Environment["Portal__RequireHttps"] = "false";
        start.Environment["Portal__TrustedProxies__0"] = "127.0.0.1";
        start.Environment["Mail__PickupDirectory"] = Path.Combine(_root, "mail");
        start.Environment["Logging__FilePath"] = Path.Combine(_root, "logs", $"portal-{name}-.log");
        start.Environment["RateLimiting__AuthPermitsPerMinute"] = "10000";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private void StartNginx(int port, int portA, int portB)
    {
        var config = Path.Combine(_root, "nginx.conf");
        File.WriteAllText(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{_root}}/nginx.pid;
            error_log {{_root}}/nginx-error.log warn;
            events { worker_connections 256; }
            http {
              access_log off;
              client_body_temp_path {{_root}}/body;
              proxy_temp_path {{_root}}/proxy;
              fastcgi_temp_path {{_root}}/fastcgi;
              uwsgi_temp_path {{_root}}/uwsgi;
              scgi_temp_path {{_root}}/scgi;
              upstream portal { server 127.0.0.1:{{portA}}; server 127.0.0.1:{{portB}}; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://portal;
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  proxy_next_upstream off;
                }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(NginxPath(), ["-c", config, "-p", _root]) { RedirectStandardError = true })!;
        _processes.Add(process);
    }

    private static readonly string[] NginxPaths = ["/usr/sbin/nginx", "/usr/bin/nginx"];

    private static string NginxPath() =>
        NginxPaths.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx is not installed (scripts/test.sh installs it)");

    private async Task WaitReadyAsync(string baseUrl)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline || _processes.Any(p => p.HasExited))
            {
                throw new InvalidOperationException($"{baseUrl} did not become ready");
            }

            await Task.Delay(200);
        }
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
