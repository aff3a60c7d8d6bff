using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Support;

namespace Portal.Web.Pages.Account;

/// <summary>
/// /login/recovery/status/{token}: the read-only status of a recovery request, from the e-mailed
/// link, with "this wasn't me" to cancel it until the reset is applied.
/// </summary>
[AllowAnonymous]
public sealed class RecoveryStatusModel(RecoverySubmission recoveries) : PortalPageModel
{
    public RecoveryRequest? Recovery { get; private set; }

    public static string PathFor(string token) => "/login/recovery/status/" + token;

    public async Task<IActionResult> OnGetAsync(string token)
    {
        Recovery = await recoveries.FindByTokenAsync(token);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string token)
    {
        if (await recoveries.CancelAsync(token) is not null)
        {
            SetStatus("The request was cancelled. Nothing changes on your account. If you did not send it, change your password now.");
        }

        return Redirect(PathFor(token));
    }
}
