using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Web.Infrastructure.Diagnostics;
using Portal.Web.Infrastructure.Errors;
using Portal.Web.Infrastructure.Logging;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Infrastructure;

public static class Pipeline
{
    public static void UsePortalPipeline(this WebApplication app)
    {
        var portal = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        if (SqlRoundTrips.IsEnabled(app.Configuration))
        {
            app.UseSqlRoundTripHeader();
        }

        if (portal.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UsePortalRequestLogging();
        // No page ever shows a stack trace, in any environment: errors are logged and answered
        // with a friendly page (ASVS V16.5.1).
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ExceptionResponse.WriteAsync });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        // Before HTTPS redirection (probes speak plain HTTP inside the network) and before
        // authentication (liveness must not depend on the database that a session check reads).
        app.UseHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        if (portal.RequireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        // Does nothing but authenticate (cookie and server-side session): keeps a session alive, and is
        // the benchmark's baseline for what a signed-in request costs before any page work.
        app.MapGet("/account/ping", () => Results.NoContent()).RequireAuthorization();
        app.MapRazorPages();
    }
}
