using System.Diagnostics;

namespace Portal.Web.Infrastructure.Logging;

/// <summary>
/// One log line per request. It names the route template (<c>/invite/{token}</c>), never the raw
/// path or query string, because those carry invitation and reset tokens (OWASP ASVS 5.0 V16.2.5).
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            logger.LogInformation(
                "HTTP {Method} {Route} responded {StatusCode} in {Elapsed:0.0} ms",
                context.Request.Method,
                route is null ? "(no route)" : "/" + route.TrimStart('/'),
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
