using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Pages;

/// <summary>The friendly page for every error status: never a stack trace (OWASP ASVS 5.0 V16.5.1).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PortalPageModel
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
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (error is not null)
        {
            logger.LogError(error.Error, "Unhandled error on {Route}", error.Endpoint?.DisplayName);
        }

        Response.StatusCode = ErrorStatus;
    }
}
