using System.Security.Claims;
using Serilog;
using Serilog.Events;

namespace Portal.Web.Infrastructure.Logging;

/// <summary>
/// One log line per request, by Serilog's request logging. It names the route template
/// (<c>/invite/{token}</c>), never the raw path or query string, because those carry invitation and
/// reset tokens (OWASP ASVS 5.0 V16.2.5): the event's properties are replaced, not only the message,
/// so the raw path is not in the JSON file either. The organisation's slug and the signed-in
/// person's id come along where there are any.
/// </summary>
public static class RequestLogging
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RouteTemplate} responded {StatusCode} in {Elapsed:0.0} ms";

    public static IApplicationBuilder UsePortalRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger, not the static one (several portals share a test process).
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = MessageTemplate;
            options.GetMessageTemplateProperties = (http, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
                new LogEventProperty("RouteTemplate", new ScalarValue(RouteTemplate(http))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                if (http.Request.RouteValues["org"] is string organisation)
                {
                    diagnostics.Set("Organisation", organisation);
                }

                if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
                {
                    diagnostics.Set("UserId", userId);
                }
            };
        });

    private static string RouteTemplate(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route ? "/" + route.TrimStart('/') : "(no route)";
}
