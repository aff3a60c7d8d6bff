using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Pages;

/// <summary>
/// The friendly page for error statuses (404, 400, 429 …), re-executed by the status-code-pages
/// middleware. Unhandled exceptions are answered by ExceptionResponse instead.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Code { get; set; }

    public int ErrorStatus => Code ?? 500;

    public string? RequestId { get; private set; }

    public void OnGet() => Handle();

    public void OnPost() => Handle();

    private void Handle()
    {
        RequestId = HttpContext.TraceIdentifier;
        Response.StatusCode = ErrorStatus;
    }
}
