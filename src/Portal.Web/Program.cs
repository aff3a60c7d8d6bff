using Portal.Web.Infrastructure;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Logging;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Startup;

var builder = WebApplication.CreateBuilder(args);
var portal = builder.AddPortalOptions();
builder.AddPortalLogging();

builder.Services
    .AddPortalHosting(portal)
    .AddPortalDatabase(builder.Configuration)
    .AddAudit()
    .AddAccounts(portal)
    .AddTwoFactor()
    .AddOrganisations()
    .AddInvitations()
    .AddLegacyAccounts()
    .AddSupportRecovery()
    .AddOutbox(builder.Configuration)
    .AddCredentialRateLimit(builder.Configuration)
    .AddPortalPages(portal);

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
