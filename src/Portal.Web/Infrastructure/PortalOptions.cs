namespace Portal.Web.Infrastructure;

/// <summary>The "Portal" configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The address people reach the portal at, used for links in e-mails. Outside Development it
    /// must be set: building links from the request's Host header would let an attacker send
    /// password-reset links that point at their own site (OWASP ASVS 5.0 V3.5, host header injection).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>HTTPS redirection, HSTS, Secure and __Host- cookies. Off only for local development.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed.</summary>
    public List<string> TrustedProxies { get; set; } = [];
}
