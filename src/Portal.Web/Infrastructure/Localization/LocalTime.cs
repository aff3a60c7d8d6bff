using System.Globalization;
using Portal.Core.Accounts;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// Every date and time the portal shows a person — pages and e-mails alike — in their time zone
/// (an IANA id, Europe/Brussels unless they chose another) and in their language's own
/// conventions: day month year and the 24-hour clock in all four, English as written in Europe,
/// German with its ordinal dot and the CLDR abbreviations ("1. Dez. 2026"). Pages reach it through
/// <see cref="ViewerTime"/>, e-mails through <see cref="Mail.PortalEmail"/>. Exports (CSV) stay in
/// UTC ISO 8601 and never come through here.
/// </summary>
public static class LocalTime
{
    private static readonly TimeZoneInfo DefaultZone = TimeZoneInfo.FindSystemTimeZoneById(PortalUser.DefaultTimeZone);

    /// <summary>The IANA regions offered in the picker (tzdata's zone.tab areas), in this order.</summary>
    private static readonly string[] Regions = ["Europe", "Africa", "America", "Asia", "Atlantic", "Australia", "Indian", "Pacific", "Antarctica", "Arctic"];

    /// <summary>The zone for an IANA id; an unknown or empty id gives Europe/Brussels.</summary>
    public static TimeZoneInfo Zone(string? timeZoneId) =>
        IsKnown(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId!, out var zone) ? zone : DefaultZone;

    /// <summary>True for an id of the picker's list: a region/city IANA id or "UTC" (never a Windows name or a path).</summary>
    public static bool IsKnown(string? timeZoneId) =>
        timeZoneId is { Length: > 0 and <= 64 } && (timeZoneId == "UTC" || ById.Value.ContainsKey(timeZoneId));

    /// <summary>"8 Dec 2026, 19:03", "8 dec 2026, 19:03", "8 déc. 2026 à 19:03", "8. Dez. 2026, 19:03".</summary>
    public static string DateAndTime(DateTimeOffset moment, TimeZoneInfo zone, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        return local.ToString(culture.TwoLetterISOLanguageName switch
        {
            "fr" => "d MMM yyyy 'à' HH:mm",
            "de" => "d. MMM yyyy, HH:mm",
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

    /// <summary>The day a moment falls on in the zone (for a date field's value).</summary>
    public static DateOnly Day(DateTimeOffset moment, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime);

    /// <summary>The picker's choices: every IANA region/city zone grouped by region, cities in alphabetical order, then UTC.</summary>
    public static IReadOnlyList<TimeZoneGroup> Groups => GroupList.Value;

    private static readonly Lazy<Dictionary<string, TimeZoneInfo>> ById = new(() => TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.Id.IndexOf('/') is > 0 and var slash && Regions.Contains(z.Id[..slash]))
        .ToDictionary(z => z.Id, StringComparer.Ordinal));

    private static readonly Lazy<IReadOnlyList<TimeZoneGroup>> GroupList = new(() => ById.Value.Values
        .GroupBy(z => z.Id[..z.Id.IndexOf('/')])
        .OrderBy(g => Array.IndexOf(Regions, g.Key))
        .Select(g => new TimeZoneGroup(g.Key, g
            .Select(z => new TimeZoneChoice(z.Id, z.Id[(z.Id.IndexOf('/') + 1)..].Replace('_', ' ').Replace("/", " / ", StringComparison.Ordinal)))
            .OrderBy(c => c.City, StringComparer.InvariantCulture)
            .ToList()))
        .Append(new TimeZoneGroup("UTC", [new TimeZoneChoice("UTC", "UTC")]))
        .ToList());
}

/// <summary>One region of the time-zone picker ("Europe") and its zones.</summary>
public sealed record TimeZoneGroup(string Region, IReadOnlyList<TimeZoneChoice> Zones);

/// <summary>One zone of the picker: its IANA id and the city as people read it ("Brussels", "Argentina / Buenos Aires").</summary>
public sealed record TimeZoneChoice(string Id, string City);
