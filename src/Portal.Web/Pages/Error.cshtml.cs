using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Pages;

/// <summary>
/// The friendly page for error statuses (404, 400, 429 …), re-executed by the status-code-pages
/// middleware. Unhandled exceptions are answered by ExceptionResponse instead.
/// </summary>
[IgnoreAntiforgeryToken]
[AllowAnonymous]
public sealed class ErrorModel : PortalPageModel
{
    /// <summary>
    /// From the route only: the re-executed request keeps the failed one's query and form, which must
    /// not change (or, unreadable, lose) the status shown.
    /// </summary>
    public int? Code => int.TryParse(RouteData.Values["code"] as string, System.Globalization.NumberStyles.None,
        System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;

    /// <summary>The status its route names when that is an error status; any other number in the address is a page not found.</summary>
    public int ErrorStatus => Code switch
    {
        null => 500,
        >= 400 and <= 599 => Code.Value,
        _ => 404,
    };

    public string? RequestId { get; private set; }

    public void OnGet() => Handle();

    public void OnPost() => Handle();

    private void Handle()
    {
        RequestId = HttpContext.TraceIdentifier;
        Response.StatusCode = ErrorStatus;
    }
}
