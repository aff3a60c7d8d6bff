using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// The address people reach the portal at, for links in e-mails: the configured
/// <see cref="PortalOptions.PublicBaseUrl"/>, never the request's Host header (OWASP ASVS 5.0 V3.5:
/// a forged Host would otherwise put an attacker's site into password-reset links). In Development,
/// without a setting, the address the portal listens on (localhost for a wildcard binding).
/// </summary>
public sealed class PublicAddress(IOptions<PortalOptions> options, IServer server)
{
    public string BaseUrl
    {
        get
        {
            var configured = options.Value.PublicBaseUrl;
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.TrimEnd('/');
            }

            // Only reached in Development and tests: DatabaseStartup refuses to start elsewhere without PublicBaseUrl.
            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Portal:PublicBaseUrl is not configured.");
            var uri = new Uri(listening.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal));
            return uri.GetLeftPart(UriPartial.Authority);
        }
    }

    public string Absolute(string pathAndQuery) => BaseUrl + "/" + pathAndQuery.TrimStart('/');
}
