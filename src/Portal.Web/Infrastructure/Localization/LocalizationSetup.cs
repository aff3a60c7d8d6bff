using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    /// <summary>The UI languages: English, Dutch, French, German.</summary>
    public static readonly string[] Languages = ["en", "nl", "fr", "de"];

    /// <summary>Each language in its own words, for the picker.</summary>
    public static readonly (string Code, string Name)[] LanguageNames =
        [("en", "English"), ("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch")];

    public static bool IsSupported(string? language) =>
        language is not null && Languages.Contains(language, StringComparer.OrdinalIgnoreCase);

    public static void AddPortalLocalization(this IServiceCollection services, bool requireHttps)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddScoped<ViewerTime>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // The person's choice (a cookie, written from their stored preference at login or
            // when they pick a language), else the browser's Accept-Language, else English.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = PortalCookies.Name(PortalCookies.Language, requireHttps) },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }

    /// <summary>Remembers the language in the browser for a year (it is a preference, not a secret).</summary>
    public static void WriteCultureCookie(HttpResponse response, string language) =>
        PortalCookies.Append(response, PortalCookies.Language, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            SameSiteMode.Lax, DateTimeOffset.UtcNow.AddYears(1));

    public static IMvcBuilder AddPortalViewLocalization(this IMvcBuilder builder) => builder
        .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
        .AddDataAnnotationsLocalization(options =>
            options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
}
