using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Portal.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    /// <summary>The UI languages: English, Dutch, French, German.</summary>
    public static readonly string[] Languages = ["en", "nl", "fr", "de"];

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

    public static IMvcBuilder AddPortalViewLocalization(this IMvcBuilder builder) => builder
        .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
        .AddDataAnnotationsLocalization(options =>
            options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
}
