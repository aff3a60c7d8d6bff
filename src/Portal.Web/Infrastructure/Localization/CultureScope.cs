using System.Globalization;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>Switches the UI culture for a block (an e-mail in its recipient's language), then restores it.</summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public CultureScope(string? language)
    {
        if (LocalizationSetup.IsSupported(language))
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language!);
        }
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
