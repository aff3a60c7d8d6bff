using System.Globalization;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// Every date and time the portal shows a person — pages and e-mails alike — in their time zone
/// (an IANA id, Europe/Brussels unless they chose another) and in their language's own
/// conventions: day month year and the 24-hour clock in all four, English as written in Europe.
/// Exports (CSV) stay in UTC ISO 8601 and never come through here.
/// </summary>
public static class LocalTime
{
    public const string DefaultTimeZone = "Europe/Brussels";

    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);

    /// <summary>The zone for an IANA id; an unknown or empty id gives Europe/Brussels.</summary>
    public static TimeZoneInfo Zone(string? timeZoneId) =>
        !string.IsNullOrEmpty(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : Brussels;

    /// <summary>"8 Dec 2026, 19:03", "8 dec 2026 19:03", "8 déc. 2026 à 19:03", "8. Dez. 2026, 19:03".</summary>
    public static string DateAndTime(DateTimeOffset moment, TimeZoneInfo zone, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        return local.ToString(culture.TwoLetterISOLanguageName switch
        {
            "fr" => "d MMM yyyy 'à' HH:mm",
            "de" => "d. MMM yyyy, HH:mm",
            "nl" => "d MMM yyyy, HH:mm",
            _ => "d MMM yyyy, HH:mm",
        }, culture);
    }

    /// <summary>"8 Dec 2026", "8 dec 2026", "8 déc. 2026", "8. Dez. 2026".</summary>
    public static string Date(DateTimeOffset moment, TimeZoneInfo zone, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        return local.ToString(culture.TwoLetterISOLanguageName == "de" ? "d. MMM yyyy" : "d MMM yyyy", culture);
    }
}
