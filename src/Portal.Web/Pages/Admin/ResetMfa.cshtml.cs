using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;
using Portal.Web.Pages.Account.Manage;

namespace Portal.Web.Pages.Admin;

/// <summary>
/// An admin resets a colleague's two-factor authentication (lost phone and backup codes), confirming
/// with their own password. The rule and its safeguard are <see cref="AdminMfaReset"/>.
/// </summary>
[OrganisationAdmin]
[EnableRateLimiting(RateLimits.Credentials)]
public sealed class ResetMfaModel(
    AdminMfaReset reset,
    CurrentTenant tenant,
    UserManager<PortalUser> users,
    Mailer mail) : PortalPageModel
{
    [BindProperty]
    public ConfirmPasswordInput Input { get; set; } = new();

    public PortalUser Member { get; private set; } = null!;

    public string UsersLink => $"/o/{tenant.Organisation.Slug}/admin/users";

    /// <summary>Set when the safeguard refuses: the member belongs to an organisation this admin does not administer.</summary>
    public bool SupportOnly { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid userId) => await LoadAsync(userId) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid userId)
    {
        if (await LoadAsync(userId) is { } refused)
        {
            return refused;
        }

        var actor = (await users.GetUserAsync(User))!;
        if (SupportOnly)
        {
            // Refused again by the rule, which records the attempt in the audit log.
            await reset.ResetAsync(tenant.Organisation.Id, actor, userId);
            return Page();
        }

        if (!ModelState.IsValid || await ReauthenticateAsync(actor, Input.Password) is null)
        {
            return Page();
        }

        var result = await reset.ResetAsync(tenant.Organisation.Id, actor, userId);
        if (result.Status != AdminMfaResetStatus.Allowed)
        {
            return await LoadAsync(userId) ?? Page();
        }

        var resetBy = string.IsNullOrWhiteSpace(actor.DisplayName) ? actor.Email! : actor.DisplayName;
        mail.Send(result.Member!, new MfaResetByAdminEmail(result.Member!.Email!, tenant.Organisation.Name, resetBy));
        foreach (var admin in result.AdminsToNotify ?? [])
        {
            mail.Send(admin, new AdminMfaWasResetEmail(tenant.Organisation.Name, resetBy, result.Member!.Email!));
        }

        SetStatus("The two-factor authentication of {0} was reset and their sessions were logged out.", result.Member!.Email!);
        return Redirect(UsersLink);
    }

    /// <summary>Null when the page can show; 404 for someone who is not a member, or for the admin themselves.</summary>
    private async Task<IActionResult?> LoadAsync(Guid userId)
    {
        var status = await reset.CanResetAsync(tenant.Organisation.Id, UserId, userId);
        if (status is AdminMfaResetStatus.NotAMember or AdminMfaResetStatus.Self
            || await users.FindByIdAsync(userId.ToString()) is not { } member)
        {
            return NotFound();
        }

        Member = member;
        SupportOnly = status == AdminMfaResetStatus.OtherOrganisation;
        return null;
    }
}
