using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Web.Infrastructure.Startup;

/// <summary>
/// Administrative commands run instead of the web server:
/// <c>dotnet run --project src/Portal.Web -- schema</c> prints the DDL of the current model
/// (to draft a hand-written migration, as there are no EF design tools here);
/// <c>healthcheck</c> asks a running instance's <c>/health/ready</c> (the container's HEALTHCHECK,
/// as the runtime image has no curl).
/// </summary>
public static class PortalCommands
{
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["schema", ..]:
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                    Console.WriteLine(db.Database.GenerateCreateScript());
                }

                return 0;
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

            default:
                return null;
        }
    }
}
