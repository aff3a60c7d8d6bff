using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Legacy;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account.Legacy;

/// <summary>
/// The e-mailed confirmation link. Opening it changes nothing (mail scanners open links); the
/// person confirms with a button. A login that already exists for the e-mail must be signed in
/// first, proving the person owns both.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class ConfirmModel(LegacyMigrationService migrations, PasswordLogin login) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public LegacyMigration? Migration { get; private set; }

    public bool SignInRequired { get; private set; }

    public string ReturnHere => "/login?returnUrl=" + Uri.EscapeDataString($"/login/legacy/confirm/{Token}");

    public async Task OnGetAsync()
    {
        Migration = await migrations.FindOpenAsync(Token);
        SignInRequired = Migration is not null && Migration.Email != User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value?.ToLowerInvariant()
            && await EmailHasLoginAsync(Migration.Email);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var signedIn = User.Identity?.IsAuthenticated == true ? UserId : (Guid?)null;
        var result = await migrations.ConfirmAsync(Token, signedIn);
        switch (result.Outcome)
        {
            case LegacyConfirmOutcome.SignInRequired:
                return Redirect(ReturnHere);
            case LegacyConfirmOutcome.Created:
                await login.CompleteAsync(result.User!, rememberMe: false, "legacy");
                break;
            case LegacyConfirmOutcome.Linked:
                break;
            default:
                return Page();
        }

        var account = result.Migration!.LegacyAccount!;
        SetStatus("Done: your old username {0} now belongs to your e-mail login {1}. Log in with your e-mail from now on.", account.Username, result.User!.Email!);
        return Redirect($"/o/{account.Organisation!.Slug}/e/{account.Environment!.Slug}");
    }

    private async Task<bool> EmailHasLoginAsync(string email) =>
        await HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByEmailAsync(email) is not null;
}
