using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Legacy;
using Portal.Core.Support;

namespace Portal.Web.Infrastructure.Startup;

/// <summary>
/// Administrative commands run instead of the web server:
/// <c>healthcheck</c> asks a running instance's <c>/health/ready</c> (the container's HEALTHCHECK,
/// as the runtime image has no curl);
/// <c>legacy import FILE.csv</c> imports old per-environment usernames (all or nothing);
/// <c>support add EMAIL</c> creates or promotes a support agent.
/// </summary>
public static class PortalCommands
{
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["healthcheck", ..]:
                var port = app.Configuration["HEALTHCHECK_PORT"] ?? "8080";
                using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) })
                {
                    try
                    {
                        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                        return response.IsSuccessStatusCode ? 0 : 1;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return 1;
                    }
                }

            case ["legacy", "import", var path]:
                return await ImportLegacyAsync(app, path);
            case ["legacy", ..]:
                await Console.Error.WriteLineAsync("Usage: legacy import FILE.csv  (username,password_hash,organisation_slug,environment_slug,role)");
                return 2;
            case ["support", "add", var email]:
                return await AddSupportAsync(app, email);
            case ["support", ..]:
                await Console.Error.WriteLineAsync("Usage: support add someone@example.com");
                return 2;
            default:
                return null;
        }
    }

    private static async Task<int> ImportLegacyAsync(WebApplication app, string path)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"No such file: {path}");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
        using var reader = File.OpenText(path);
        var result = await scope.ServiceProvider.GetRequiredService<LegacyImport>().ImportAsync(reader);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error);
            }

            await Console.Error.WriteLineAsync("Nothing was imported.");
            return 1;
        }

        Console.WriteLine($"Imported {result.Imported} legacy accounts; {result.Unchanged} were already there.");
        return 0;
    }

    private static async Task<int> AddSupportAsync(WebApplication app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
        var result = await scope.ServiceProvider.GetRequiredService<SupportStaff>().AddAsync(email);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error);
            }

            return 1;
        }

        if (result.UserCreated)
        {
            Console.WriteLine($"Created {email} with a random password nobody knows: they must use \"forgot password\" on the login page to choose one.");
        }

        Console.WriteLine(result.AlreadySupport
            ? $"{email} is already support staff."
            : $"{email} is now support staff. They must set up two-factor authentication before /support opens.");
        return 0;
    }
}
