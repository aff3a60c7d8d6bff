using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Web.Infrastructure.Startup;

/// <summary>
/// Administrative commands run instead of the web server:
/// <c>dotnet run --project src/Portal.Web -- schema</c> prints the DDL of the current model
/// (to draft a hand-written migration, as there are no EF design tools here).
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
            default:
                return null;
        }
    }
}
