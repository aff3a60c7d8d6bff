using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Web.Infrastructure.Support;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// The whole portal in-process (TestServer) on its own real PostgreSQL database, with its own mail
/// pickup folder, log file and clock. One per test class (IClassFixture).
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string BaseUrl = "https://portal.test";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));

    public string Database { get; private set; } = "";

    /// <summary>
    /// The portal's clock, moved only by the test (forward: time never runs backwards). Timers on it,
    /// such as the background workers', fire when it passes their due time.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public Mailbox Mailbox => new(Path.Combine(_root, "mail"));

    public string LogDirectory => Path.Combine(_root, "logs");

    /// <summary>Login attempts per minute per client address; high by default so tests never trip it.</summary>
    protected virtual int AuthPermitsPerMinute => 10_000;

    /// <summary>
    /// A real Kestrel port on plain HTTP for the browser tests, instead of the in-memory TestServer
    /// on https://portal.test; e-mail links then follow the request's address.
    /// </summary>
    protected virtual bool ServesRealPort => false;

    /// <summary>
    /// The support recovery worker runs only where a test wants it: elsewhere a test that moves the
    /// clock past a cooling-off checks what the pages do on their own.
    /// </summary>
    protected virtual bool RunsRecoveryWorker => false;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("portal_test");
        ClientOptions.BaseAddress = new Uri(BaseUrl);
        ClientOptions.AllowAutoRedirect = false;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestDatabase.DropAsync(Database);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held open; the temp folder is cleaned by the OS.
        }
    }

    public PortalClient CreatePortalClient() => new(CreateClient(), this);

    /// <summary>Runs code against the app's services (UserManager, DbContext …) in a scope of its own.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task WithDbAsync(Func<PortalDbContext, Task> work) =>
        WithServicesAsync(async services =>
        {
            await work(services.GetRequiredService<PortalDbContext>());
            return true;
        });

    public TestData Data => new(this);

    /// <summary>Everything the portal has logged to its file so far.</summary>
    public async Task<string> ReadLogAsync()
    {
        // The file sink writes through; give the last line a moment.
        await Task.Delay(300);
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.Exists(LogDirectory) ? Directory.GetFiles(LogDirectory) : [])
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", TestDatabase.ConnectionString(Database));
        builder.UseSetting("Mail:PickupDirectory", Path.Combine(_root, "mail"));
        builder.UseSetting("Logging:FilePath", Path.Combine(LogDirectory, "portal-.log"));
        builder.UseSetting("Portal:PublicBaseUrl", ServesRealPort ? "" : BaseUrl);
        builder.UseSetting("Portal:RequireHttps", ServesRealPort ? "false" : "true");
        builder.UseSetting("https_port", "443");
        builder.UseSetting("RateLimiting:AuthPermitsPerMinute", AuthPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (!RunsRecoveryWorker)
            {
                services.Remove(services.Single(descriptor => descriptor.ServiceType == typeof(IHostedService)
                    && descriptor.ImplementationType == typeof(RecoveryWorker)));
            }
        });
    }
}
