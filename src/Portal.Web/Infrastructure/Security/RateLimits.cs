using System.Threading.RateLimiting;

namespace Portal.Web.Infrastructure.Security;

/// <summary>
/// The per-address rate limit of the endpoints that take a password or a code (OWASP ASVS 5.0
/// V6.3.1). A page opts in with <c>[EnableRateLimiting(RateLimits.Credentials)]</c> on its model;
/// <c>PageAccessTests</c> fails when a page that binds a password or a code lacks it.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy of the endpoints that take a password or a code.</summary>
    public const string Credentials = "auth";

    public static IServiceCollection AddCredentialRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimiting:AuthPermitsPerMinute", 20);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address, counting only the POSTs that try a password or a code.
            options.AddPolicy(Credentials, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("reads"));
        });
    }
}
