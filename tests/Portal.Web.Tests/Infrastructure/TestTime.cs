using System.Globalization;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>Times as a person with the default zone (Europe/Brussels) reads them in English, for assertions.</summary>
public static class TestTime
{
    public static readonly TimeZoneInfo Brussels = LocalTime.Zone("Europe/Brussels");

    public static string Shown(DateTimeOffset moment, string language = "en") =>
        LocalTime.DateAndTime(moment, Brussels, CultureInfo.GetCultureInfo(language));
}
