using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// Counted phrases ("1 client", "2 clients") with each language's own plural rule (Unicode CLDR
/// plural rules): English, Dutch and German use the singular for exactly 1; French for 0 and 1
/// ("0 client", "1 client", "2 clients"). Both forms carry the number as {0}, and both are
/// looked up with the localizer at the call, so the translation test sees them.
/// </summary>
public static class Plural
{
    /// <summary>Whether <paramref name="count"/> takes the singular ("one") form in <paramref name="language"/>.</summary>
    public static bool IsOne(long count, string language) =>
        language == "fr" ? count is 0 or 1 : count == 1;

    /// <summary>The form for <paramref name="count"/> in the current UI language, from the two translated forms.</summary>
    public static string Of(long count, LocalizedString one, LocalizedString other) =>
        IsOne(count, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) ? one : other;
}
