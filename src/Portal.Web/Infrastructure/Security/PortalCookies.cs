using Microsoft.Extensions.Options;

namespace Portal.Web.Infrastructure.Security;

/// <summary>
/// Every cookie the portal sets, named and shaped by one rule (OWASP ASVS 5.0 V3.3.1–V3.3.4): with
/// HTTPS on (<see cref="PortalOptions.RequireHttps"/>) the name has the <c>__Host-</c> prefix, so the
/// browser only takes it Secure, without Domain and on Path=/; every one is HttpOnly (no script reads
/// a portal cookie) and has an explicit SameSite. Without HTTPS (local development only) the plain
/// names are used, since browsers refuse <c>__Host-</c> cookies over HTTP.
/// </summary>
public static class PortalCookies
{
    public const string Session = "Portal";

    /// <summary>The password was right, the second factor is pending (five minutes).</summary>
    public const string TwoFactorStep = "Portal-2fa";

    /// <summary>"Remember this device for 30 days".</summary>
    public const string RememberDevice = "Portal-Device";

    /// <summary>The status message shown after a redirect (TempData).</summary>
    public const string Messages = "Portal-Messages";

    public const string Antiforgery = "Portal-AF";

    /// <summary>Identity's external-login cookie: the portal has no external logins, but signing in deletes it.</summary>
    public const string External = "Portal-External";

    public const string Language = "Portal-Language";

    /// <summary>The account's time zone, written at sign-in and when it changes, so pages show times without a query.</summary>
    public const string TimeZone = "Portal-TimeZone";

    /// <summary>A language picked before signing in, stored on the account at sign-in (browser session).</summary>
    public const string LanguagePicked = "Portal-LanguagePicked";

    /// <summary>The right old password of a legacy username was given (15 minutes).</summary>
    public const string LegacyTicket = "Portal-Legacy";

    /// <summary>A random id that lets the portal recognise a browser that signed in before (400 days; the new sign-in notice).</summary>
    public const string Browser = "Portal-Browser";

    public static string Name(string name, bool requireHttps) => requireHttps ? "__Host-" + name : name;

    /// <summary>Shapes a cookie that a framework component writes (authentication, antiforgery, TempData).</summary>
    public static void Apply(CookieBuilder cookie, string name, bool requireHttps, SameSiteMode sameSite = SameSiteMode.Lax)
    {
        cookie.Name = Name(name, requireHttps);
        cookie.HttpOnly = true;
        cookie.SameSite = sameSite;
        cookie.Path = "/";
        cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>Writes a cookie of the portal's own (language, legacy ticket).</summary>
    public static void Append(HttpResponse response, string name, string value, SameSiteMode sameSite, DateTimeOffset? expires = null)
    {
        var requireHttps = RequireHttps(response.HttpContext);
        response.Cookies.Append(Name(name, requireHttps), value, Options(response.HttpContext, requireHttps, sameSite, expires));
    }

    public static void Delete(HttpResponse response, string name, SameSiteMode sameSite)
    {
        var requireHttps = RequireHttps(response.HttpContext);
        response.Cookies.Delete(Name(name, requireHttps), Options(response.HttpContext, requireHttps, sameSite, expires: null));
    }

    public static string? Read(HttpRequest request, string name) =>
        request.Cookies.TryGetValue(Name(name, RequireHttps(request.HttpContext)), out var value) ? value : null;

    private static CookieOptions Options(HttpContext context, bool requireHttps, SameSiteMode sameSite, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = requireHttps || context.Request.IsHttps,
        SameSite = sameSite,
        Path = "/",
        IsEssential = true,
        Expires = expires,
    };

    private static bool RequireHttps(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.RequireHttps;
}
