using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// Dates and times for the person viewing the page, in their time zone and language
/// (<see cref="LocalTime"/> does the formatting). Views get it as <c>Time</c>. The zone comes from
/// a preference cookie written from the account at every sign-in and whenever the person changes
/// it (<see cref="RememberZone"/>), so showing a time costs no database query; without one (not
/// signed in yet) it is Europe/Brussels.
/// </summary>
public sealed class ViewerTime(IHttpContextAccessor contextAccessor)
{
    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= LocalTime.Zone(
        contextAccessor.HttpContext is { } context ? PortalCookies.Read(context.Request, PortalCookies.TimeZone) : null);

    /// <summary>"8 Dec 2026, 19:03" in the viewer's zone and language.</summary>
    public string DateAndTime(DateTimeOffset moment) => LocalTime.DateAndTime(moment, Zone);

    /// <summary>"8 Dec 2026" in the viewer's zone and language.</summary>
    public string Date(DateTimeOffset moment) => LocalTime.Date(moment, Zone);

    /// <summary>Makes this browser show the account's zone from now on (and the rest of this request).</summary>
    public static void RememberZone(HttpContext context, PortalUser user)
    {
        var zone = LocalTime.IsKnown(user.TimeZone) ? user.TimeZone : PortalUser.DefaultTimeZone;
        if (PortalCookies.Read(context.Request, PortalCookies.TimeZone) != zone)
        {
            PortalCookies.Append(context.Response, PortalCookies.TimeZone, zone, SameSiteMode.Lax, DateTimeOffset.UtcNow.AddYears(1));
        }

        if (context.RequestServices.GetService<ViewerTime>() is { } viewer)
        {
            viewer._zone = LocalTime.Zone(zone);
        }
    }
}
