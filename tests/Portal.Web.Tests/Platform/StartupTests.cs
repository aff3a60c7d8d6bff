using System.Diagnostics;

namespace Portal.Web.Tests.Platform;

public sealed class StartupTests
{
    [Fact]
    public async Task Unreachable_database_at_start_prints_one_clear_line_and_exits_non_zero()
    {
        var portalDll = Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll");
        var start = new ProcessStartInfo("dotnet", [portalDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Portal__PublicBaseUrl"] = "https://portal.example";
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        start.Environment["ConnectionStrings__Portal"] = "Host=127.0.0.1;Port=1;Username=portal;Password=secret-sentinel;Database=portal;Timeout=3";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var exited = process.WaitForExit(60_000);

        Assert.True(exited, "The portal kept running without a database");
        Assert.NotEqual(0, process.ExitCode);
        var error = (await stderr).Trim();
        Assert.Single(error.Split('\n'));
        Assert.Contains("cannot reach the database at 127.0.0.1:1", error);
        Assert.DoesNotContain("   at ", error + await stdout);
        Assert.DoesNotContain("secret-sentinel", error + await stdout);
    }
}
