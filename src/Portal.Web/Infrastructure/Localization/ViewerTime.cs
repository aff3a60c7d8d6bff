namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// Dates and times for the person viewing the page, in their time zone (<see cref="LocalTime"/>
/// does the formatting). Views get it as <c>Time</c>.
/// </summary>
public sealed class ViewerTime
{
    public TimeZoneInfo Zone { get; } = LocalTime.Zone(null);

    /// <summary>"8 Dec 2026, 19:03" in the viewer's zone and language.</summary>
    public string DateAndTime(DateTimeOffset moment) => LocalTime.DateAndTime(moment, Zone);

    /// <summary>"8 Dec 2026" in the viewer's zone and language.</summary>
    public string Date(DateTimeOffset moment) => LocalTime.Date(moment, Zone);
}
