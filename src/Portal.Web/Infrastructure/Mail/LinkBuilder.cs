using Microsoft.Extensions.Options;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>Absolute links for e-mails, on the configured public address (see <see cref="PortalOptions.PublicBaseUrl"/>).</summary>
public sealed class LinkBuilder(IOptions<PortalOptions> options, IHttpContextAccessor httpContextAccessor)
{
    public string Absolute(string pathAndQuery)
    {
        var configured = options.Value.PublicBaseUrl;
        string baseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            baseUrl = configured;
        }
        else
        {
            // Only reached in Development and tests: DatabaseStartup refuses to start elsewhere without PublicBaseUrl.
            var request = httpContextAccessor.HttpContext?.Request
                ?? throw new InvalidOperationException("Portal:PublicBaseUrl is not configured.");
            baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        }

        return baseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');
    }
}
