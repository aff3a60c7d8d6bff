using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Logging;
using Portal.Web.Infrastructure.Startup;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();
builder.AddPortalServices();

var app = builder.Build();
app.UsePortalPipeline();

if (await PortalCommands.TryRunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

if (!await DatabaseStartup.PrepareAsync(app))
{
    return 1;
}

await app.StartAsync();
DatabaseStartup.PrintWelcome(app);
await app.WaitForShutdownAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
