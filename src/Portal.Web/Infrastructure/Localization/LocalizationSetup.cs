using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;

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

    public static void AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
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
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }

    /// <summary>Remembers the language in the browser for a year (it is a preference, not a secret).</summary>
    public static void WriteCultureCookie(HttpResponse response, string language) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
            });

    public static IMvcBuilder AddPortalViewLocalization(this IMvcBuilder builder) => builder
        .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
        .AddDataAnnotationsLocalization(options =>
            options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
}
