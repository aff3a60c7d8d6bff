using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Invitations;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Invitations;

/// <summary>
/// <c>/invite/{token}</c>, reachable without signing in and rate limited. The token is never
/// logged: request logging names the route template only.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class AcceptModel(
    InvitationAcceptance invitations,
    UserManager<PortalUser> users,
    PasswordLogin login,
    UserWorkspaces workspaces,
    TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public InvitationDetails? Invitation { get; private set; }

    public InvitationView View { get; private set; }

    public string? SignedInEmail { get; private set; }

    public string LoginLink => "/login?returnUrl=" + Uri.EscapeDataString("/invite/" + Token);

    public sealed class RegisterInput : NewPasswordInput
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Your name")]
        [SingleLine]
        public string DisplayName { get; set; } = "";
    }

    public async Task OnGetAsync()
    {
        // The page names an e-mail address: keep it out of every cache.
        Response.Headers.CacheControl = "no-store";
        await ShowAsync(await SignedInUserAsync());
    }

    public async Task<IActionResult> OnPostJoinAsync()
    {
        var user = await SignedInUserAsync();
        if (user is null)
        {
            return Challenge();
        }

        var result = await invitations.AcceptAsync(Token, user);
        return await AfterAcceptAsync(result, user);
    }

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        await ShowAsync(await SignedInUserAsync());
        if (View != InvitationView.Register)
        {
            // Signed in meanwhile, an account exists, or the link died: show what applies now.
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await invitations.RegisterAsync(Token, Input.DisplayName, Input.NewPassword);
        if (result.Status == AcceptStatus.AccountRejected)
        {
            AddErrors(result.AccountErrors!, "Input.NewPassword");
            return Page();
        }

        if (result.Status == AcceptStatus.Joined)
        {
            await login.CompleteAsync(result.User!, rememberMe: false, "invitation");
        }

        return await AfterAcceptAsync(result, null);
    }

    private async Task<IActionResult> AfterAcceptAsync(AcceptResult result, PortalUser? signedIn)
    {
        if (result.Status != AcceptStatus.Joined)
        {
            Invitation = await invitations.FindAsync(Token);
            View = InvitationViews.Of(result.Status);
            SignedInEmail = signedIn?.Email;
            return Page();
        }

        // Lands in the organisation: its first environment, as the switcher lists them.
        var organisation = await workspaces.FindAsync(result.User!.Id, result.OrganisationSlug!);
        SetStatus("Welcome to {0}.", organisation?.Name ?? "");
        if (organisation is not null && (await workspaces.MfaPolicyAsync(result.User.Id)).In(organisation.Id, clock.GetUtcNow()).Blocks)
        {
            return Redirect(TenantPageFilter.EnrolmentRequiredPath(organisation.Slug));
        }

        return organisation is { Environments: [var environment, ..] }
            ? Redirect($"/o/{organisation.Slug}/e/{environment.Slug}")
            : Redirect("/");
    }

    /// <summary>Decides what the visitor sees; a refused link (expired, used, revoked, wrong e-mail) goes into the organisation's audit log.</summary>
    private async Task ShowAsync(PortalUser? user)
    {
        Invitation = await invitations.FindAsync(Token);
        SignedInEmail = user?.Email;
        View = InvitationViews.Decide(Invitation, user, invitations.IsInvitee);
        if (Invitation is not null && InvitationViews.RefusalReason(View) is { } reason)
        {
            await invitations.RecordRefusalAsync(Invitation, reason, user);
        }
    }

    private async Task<PortalUser?> SignedInUserAsync() =>
        User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(User) : null;
}
