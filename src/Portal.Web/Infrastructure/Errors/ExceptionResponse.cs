using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace Portal.Web.Infrastructure.Errors;

/// <summary>
/// The answer to an unhandled exception: a small self-contained page, never a stack trace (OWASP
/// ASVS 5.0 V16.5.1). It needs neither the database nor the layout, so it still renders when the
/// database is down — then as 503 with Retry-After, so proxies and people know to come back.
/// </summary>
public static class ExceptionResponse
{
    public static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerPathFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Portal.Errors");
        var unavailable = error is not null && DatabaseFaults.IsUnavailable(error);
        if (unavailable)
        {
            logger.LogWarning("Database unavailable: {Reason}", DatabaseFaults.Innermost(error!).Message);
        }
        else
        {
            logger.LogError(error, "Unhandled error");
        }

        var L = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var (title, text) = unavailable
            ? (L["The portal is temporarily unavailable"], L["We are working on it. Please try again in a few minutes."])
            : (L["Something went wrong"], L["The error was recorded. Please try again; if it keeps happening, contact support and mention this reference."]);
        context.Response.StatusCode = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        if (unavailable)
        {
            context.Response.Headers.RetryAfter = "30";
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        var encode = HtmlEncoder.Default;
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{language}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{encode.Encode(title)} · Portal</title><link rel="stylesheet" href="/css/site.css" /></head>
            <body><header class="topbar"><a class="brand" href="/">Portal</a></header>
            <main id="main" class="container"><div class="card narrow"><h1>{encode.Encode(title)}</h1><p>{encode.Encode(text)}</p>
            <p class="muted">{encode.Encode(L["Reference"])}: <code>{encode.Encode(context.TraceIdentifier)}</code></p>
            <p><a href="/">{encode.Encode(L["Go to the home page"])}</a></p></div></main></body></html>
            """);
    }
}
