using System.Globalization;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The one date formatter: each language's own conventions (day month year, 24-hour clock, German
/// ordinal dot and CLDR abbreviations), the person's zone, and the summer-time changes of the zone.
/// </summary>
public sealed class LocalTimeTests
{
    private static readonly TimeZoneInfo Brussels = LocalTime.Zone("Europe/Brussels");
    private static readonly DateTimeOffset WinterEvening = new(2026, 12, 1, 18, 2, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("en", "1 Dec 2026, 19:02", "1 Dec 2026")]
    [InlineData("nl", "1 dec 2026, 19:02", "1 dec 2026")]
    [InlineData("fr", "1 déc. 2026 à 19:02", "1 déc. 2026")]
    [InlineData("de", "1. Dez. 2026, 19:02", "1. Dez. 2026")]
    public void Each_language_writes_day_month_year_and_the_24_hour_clock(string language, string dateAndTime, string date)
    {
        var culture = CultureInfo.GetCultureInfo(language);

        Assert.Equal(dateAndTime, LocalTime.DateAndTime(WinterEvening, Brussels, culture));
        Assert.Equal(date, LocalTime.Date(WinterEvening, Brussels, culture));
    }

    [Theory]
    [InlineData("de", 3, "3. März 2026")]
    [InlineData("de", 9, "3. Sept. 2026")]
    [InlineData("fr", 2, "3 févr. 2026")]
    [InlineData("nl", 3, "3 mrt 2026")]
    [InlineData("en", 9, "3 Sep 2026")]
    public void Month_abbreviations_are_the_languages_own(string language, int month, string expected) =>
        Assert.Equal(expected, LocalTime.Date(new DateTimeOffset(2026, month, 3, 12, 0, 0, TimeSpan.Zero), Brussels, CultureInfo.GetCultureInfo(language)));

    [Theory]
    // Summer time starts on 29 March 2026 at 01:00 UTC: 01:59 CET is followed by 03:00 CEST.
    [InlineData("2026-03-29T00:59:00Z", "29 Mar 2026, 01:59")]
    [InlineData("2026-03-29T01:00:00Z", "29 Mar 2026, 03:00")]
    // It ends on 25 October 2026 at 01:00 UTC: 02:59 CEST is followed by 02:00 CET.
    [InlineData("2026-10-25T00:59:00Z", "25 Oct 2026, 02:59")]
    [InlineData("2026-10-25T01:00:00Z", "25 Oct 2026, 02:00")]
    // Near midnight the day itself depends on the zone.
    [InlineData("2026-06-30T22:30:00Z", "1 Jul 2026, 00:30")]
    public void Brussels_times_follow_summer_time(string utc, string expected) =>
        Assert.Equal(expected, LocalTime.DateAndTime(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), Brussels, CultureInfo.GetCultureInfo("en")));

    [Theory]
    // New York changes on other days than Europe: on 8 March 2026 at 07:00 UTC.
    [InlineData("America/New_York", "2026-03-08T06:59:00Z", "8 Mar 2026, 01:59")]
    [InlineData("America/New_York", "2026-03-08T07:00:00Z", "8 Mar 2026, 03:00")]
    [InlineData("Asia/Tokyo", "2026-12-01T18:02:00Z", "2 Dec 2026, 03:02")]
    [InlineData("UTC", "2026-12-01T18:02:00Z", "1 Dec 2026, 18:02")]
    public void Other_zones_are_shown_in_their_own_time(string zone, string utc, string expected) =>
        Assert.Equal(expected, LocalTime.DateAndTime(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), LocalTime.Zone(zone), CultureInfo.GetCultureInfo("en")));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("../../etc/passwd")]
    [InlineData("posix/Europe/Brussels")]
    public void An_unknown_zone_is_Brussels_and_is_not_offered(string? zone)
    {
        Assert.False(LocalTime.IsKnown(zone));
        Assert.Equal("Europe/Brussels", LocalTime.Zone(zone).Id);
    }

    [Fact]
    public void The_picker_offers_the_IANA_zones_grouped_by_region_with_Europe_first()
    {
        var groups = LocalTime.Groups;

        Assert.Equal("Europe", groups[0].Region);
        Assert.Contains(groups[0].Zones, z => z.Id == "Europe/Brussels" && z.City == "Brussels");
        Assert.Contains(groups.Single(g => g.Region == "America").Zones, z => z.Id == "America/Argentina/Buenos_Aires" && z.City == "Argentina / Buenos Aires");
        Assert.Equal("UTC", groups[^1].Zones.Single().Id);
        Assert.True(groups.Sum(g => g.Zones.Count) > 300, "The system's tzdata list looks incomplete");
        Assert.All(groups.SelectMany(g => g.Zones), z => Assert.True(LocalTime.IsKnown(z.Id), z.Id));
        Assert.All(groups, g => Assert.Equal(g.Zones.Select(z => z.City).Order(StringComparer.InvariantCulture), g.Zones.Select(z => z.City)));
    }
}
