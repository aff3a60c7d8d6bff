using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Infrastructure.Security;

/// <summary>
/// <c>returnUrl</c> is followed only when it is a local path (OWASP ASVS 5.0 V3.7.2, open
/// redirects): <c>https://evil.example</c>, <c>//evil.example</c> and <c>/\evil.example</c> all land on the home page.
/// </summary>
public static class SafeRedirect
{
    public static string Local(IUrlHelper url, string? returnUrl) => LocalOrNull(url, returnUrl) ?? "/";

    /// <summary>The return URL when it is local, else null (the caller picks its own default).</summary>
    public static string? LocalOrNull(IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : null;
}
