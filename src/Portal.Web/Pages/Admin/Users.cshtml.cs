using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Invitations;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Lists;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Admin;

/// <summary>
/// /o/{org}/admin/users: the members, sortable by name, role, 2FA and last login (change role,
/// remove, remind those without 2FA) and the pending invitations, whose forms post to
/// <see cref="InvitationsModel"/>.
/// </summary>
[OrganisationAdmin]
public sealed class UsersModel(
    MembershipService members,
    PendingInvitations pending,
    CurrentTenant tenant,
    UserManager<PortalUser> users,
    Mailer mail,
    MfaReminders reminders,
    TimeProvider clock) : ListPageModel<MemberSort>
{
    public MemberPage Members { get; private set; } = new([], 0, 1, MembershipService.PageSize);

    public InvitationsPanel Invitations { get; private set; } = null!;

    public OrganisationWorkspace Organisation => tenant.Organisation;

    /// <summary>The organisation's 2FA requirement (null when it has none), for the compliance notice and "Remind".</summary>
    public MfaRequirement? Mfa => tenant.Organisation.Mfa;

    public Guid UserIdOfViewer => UserId;

    /// <summary>The members list of an organisation at a page and search.</summary>
    public static string Link(string organisationSlug, int page, string? search) =>
        $"/o/{organisationSlug}/admin/users?p={page}" + (string.IsNullOrEmpty(search) ? "" : "&q=" + Uri.EscapeDataString(search));

    protected override string ListPath => $"/o/{Organisation.Slug}/admin/users";

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostChangeRoleAsync(Guid userId, string? role)
    {
        // Only the enum's names: a posted "2" or "Owner" must not bind to some role.
        if (!Enum.GetNames<OrganisationRole>().Contains(role, StringComparer.Ordinal))
        {
            return await ErrorAsync("Choose a role.");
        }

        var newRole = Enum.Parse<OrganisationRole>(role!);
        var change = await members.ChangeRoleAsync(Organisation.Id, userId, newRole, await ActorAsync());
        switch (change.Status)
        {
            case MembershipChangeStatus.NotFound:
                return await ErrorAsync("This person is not a member of the organisation.");
            case MembershipChangeStatus.LastAdmin:
                return await LastAdminAsync(change.Member!);
            case MembershipChangeStatus.Unchanged:
                return Redirect(PageLink(PageNumber));
        }

        mail.Send(change.Member!, new RoleChangedEmail(Organisation.Name, newRole == OrganisationRole.Admin));
        if (userId == UserId)
        {
            SetStatus("You are no longer an administrator of {0}.", Organisation.Name);
            return Redirect("/");
        }

        SetStatus(newRole == OrganisationRole.Admin ? "{0} is now an administrator." : "{0} is now a member.", change.Member!.Email!);
        return Redirect(PageLink(PageNumber));
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid userId)
    {
        var change = await members.RemoveAsync(Organisation.Id, userId, await ActorAsync());
        switch (change.Status)
        {
            case MembershipChangeStatus.NotFound:
                return await ErrorAsync("This person is not a member of the organisation.");
            case MembershipChangeStatus.LastAdmin:
                return await LastAdminAsync(change.Member!);
        }

        mail.Send(change.Member!, new RemovedFromOrganisationEmail(Organisation.Name));
        if (userId == UserId)
        {
            SetStatus("You left {0}.", Organisation.Name);
            return Redirect("/");
        }

        SetStatus("{0} was removed from the organisation. Their login stays; their access to {1} ended.", change.Member!.Email!, Organisation.Name);
        return Redirect(PageLink(PageNumber));
    }

    /// <summary>"Remind": e-mails every member without 2FA the organisation's deadline again.</summary>
    public async Task<IActionResult> OnPostRemindAsync()
    {
        if (Mfa is not { } mfa)
        {
            return Redirect(PageLink(PageNumber));
        }

        var reminded = await reminders.RemindAsync(Organisation.Id, await ActorAsync());
        foreach (var member in reminded)
        {
            mail.Send(member, new MfaRequiredEmail(Organisation.Name, mfa.Deadline, mfa.Level == MfaLevel.PhishingResistant));
        }

        TempData["StatusMessage"] = reminded.Count == 0
            ? L["Every member uses two-factor authentication."].Value
            : Plural.Of(reminded.Count,
                L["A reminder was sent to {0} member without two-factor authentication.", reminded.Count],
                L["A reminder was sent to {0} members without two-factor authentication.", reminded.Count]);
        return Redirect(PageLink(PageNumber));
    }

    private async Task LoadAsync()
    {
        Members = await members.SearchAsync(Organisation.Id, Search, PageNumber, Order.Column, Order.Descending);
        Invitations = await InvitationsPanel.LoadAsync(pending, Organisation.Id, Organisation.Slug, Search, PageNumber, new(), TempData, clock);
    }

    private Task<IActionResult> LastAdminAsync(PortalUser member) => ErrorAsync(
        "{0} is the organisation's only administrator. Make someone else administrator first: an organisation always keeps at least one.", member.Email!);

    private async Task<IActionResult> ErrorAsync(string message, params object[] arguments)
    {
        AddError(message, arguments);
        await LoadAsync();
        return Page();
    }

    private async Task<PortalUser> ActorAsync() => (await users.GetUserAsync(User))!;
}
