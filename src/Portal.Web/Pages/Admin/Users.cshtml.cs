using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Invitations;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Admin;

/// <summary>Members and pending invitations of the organisation: invite, resend, revoke, change role, remove.</summary>
[OrganisationAdmin]
public sealed class UsersModel(
    MembershipService members,
    InvitationService invitations,
    CurrentTenant tenant,
    UserManager<PortalUser> users,
    Mailer mail,
    MfaEnforcement enforcement,
    TimeProvider clock) : PortalPageModel
{
    /// <summary>Pending invitations listed at most; the search narrows them like the members.</summary>
    public const int MaxPendingShown = 100;

    private const string AlreadyMembersKey = "Invite.AlreadyMembers";
    private const string AlreadyInvitedKey = "Invite.AlreadyInvited";

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    [PageNumber]
    public int PageNumber { get; set; } = 1;

    /// <summary>Bound by the invite handler only, so the other forms' posts carry no invite errors.</summary>
    public InviteInput Invite { get; private set; } = new();

    public MemberPage Members { get; private set; } = new([], 0, 1, MembershipService.PageSize);

    public IReadOnlyList<PendingInvitation> Pending { get; private set; } = [];

    /// <summary>From the last invite: addresses that were members already, and those with an open invitation (offered a resend).</summary>
    public IReadOnlyList<string> AlreadyMembers { get; private set; } = [];

    public IReadOnlyList<InvitationRef> AlreadyInvited { get; private set; } = [];

    public OrganisationWorkspace Organisation => tenant.Organisation;

    /// <summary>The organisation's 2FA requirement (null when it has none), for the compliance notice and "Remind".</summary>
    public MfaRequirement? Mfa => tenant.Organisation.Mfa;

    public DateTimeOffset Now => clock.GetUtcNow();

    public Guid UserIdOfViewer => UserId;

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Enter at least one e-mail address.")]
        [StringLength(30_000, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "E-mail addresses")]
        public string Emails { get; set; } = "";

        [Display(Name = "Role")]
        public OrganisationRole Role { get; set; } = OrganisationRole.Member;
    }

    public async Task OnGetAsync()
    {
        AlreadyMembers = (TempData[AlreadyMembersKey] as string)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
        AlreadyInvited = ((TempData[AlreadyInvitedKey] as string)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [])
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && Guid.TryParse(parts[0], out _))
            .Select(parts => new InvitationRef(Guid.Parse(parts[0]), parts[1]))
            .ToList();
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostInviteAsync([Bind(Prefix = nameof(Invite))] InviteInput invite)
    {
        Invite = invite;
        if (!Enum.IsDefined(Invite.Role))
        {
            ModelState.AddModelError("Invite.Role", L["Choose a role."]);
        }

        if (!ModelState.IsValid)
        {
            return await PageAsync();
        }

        var actor = await ActorAsync();
        var result = await invitations.InviteAsync(Organisation.Id, Invite.Emails, Invite.Role, actor, SendInvitation(actor));
        switch (result.Problem)
        {
            case InviteProblem.InvalidAddresses:
                ModelState.AddModelError("Invite.Emails", L["Not valid e-mail addresses: {0}. Correct them and send again; no invitation was sent.", string.Join(", ", result.InvalidAddresses)]);
                return await PageAsync();
            case InviteProblem.NoAddresses:
                ModelState.AddModelError("Invite.Emails", L["Enter at least one e-mail address."]);
                return await PageAsync();
            case InviteProblem.TooManyAddresses:
                ModelState.AddModelError("Invite.Emails", L["Invite at most {0} addresses at once.", InvitationService.MaxAddressesPerInvite]);
                return await PageAsync();
            case InviteProblem.Conflict:
                AddError("Someone invited one of these addresses at the same moment. Check the pending invitations and try again.");
                return await PageAsync();
        }

        if (result.Sent.Count > 0)
        {
            SetStatus("Invitation sent to {0}.", string.Join(", ", result.Sent.Select(s => s.Email)));
        }
        else
        {
            SetStatus("No invitation was sent.");
        }

        TempData[AlreadyMembersKey] = string.Join('\n', result.AlreadyMembers);
        TempData[AlreadyInvitedKey] = string.Join('\n', result.AlreadyInvited.Select(i => $"{i.Id} {i.Email}"));
        return Redirect(ListLink(PageNumber));
    }

    /// <summary>The invitation e-mail, queued in the transaction that creates the invitation (both commit or neither).</summary>
    private Action<SentInvitation> SendInvitation(PortalUser actor) => sent => mail.Send(
        sent.Email, "en", sent.Email,
        new InvitationEmail(Organisation.Name, Mailer.GreetingName(actor), "/invite/" + sent.Token, sent.ExpiresAt));

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        var actor = await ActorAsync();
        var sent = await invitations.ResendAsync(Organisation.Id, id, actor, SendInvitation(actor));
        if (sent is null)
        {
            return await NoLongerPendingAsync();
        }

        SetStatus("A new invitation link was sent to {0}. The previous link no longer works.", sent.Email);
        return Redirect(ListLink(PageNumber));
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var email = await invitations.RevokeAsync(Organisation.Id, id, await ActorAsync());
        if (email is null)
        {
            return await NoLongerPendingAsync();
        }

        SetStatus("The invitation to {0} was withdrawn. Its link no longer works.", email);
        return Redirect(ListLink(PageNumber));
    }

    public async Task<IActionResult> OnPostChangeRoleAsync(Guid userId, string? role)
    {
        // Only the enum's names: a posted "2" or "Owner" must not bind to some role.
        if (!Enum.GetNames<OrganisationRole>().Contains(role, StringComparer.Ordinal))
        {
            AddError("Choose a role.");
            return await PageAsync();
        }

        var newRole = Enum.Parse<OrganisationRole>(role!);
        var change = await members.ChangeRoleAsync(Organisation.Id, userId, newRole, await ActorAsync());
        switch (change.Status)
        {
            case MembershipChangeStatus.NotFound:
                return await NotAMemberAsync();
            case MembershipChangeStatus.LastAdmin:
                AddError("{0} is the organisation's only administrator. Make someone else administrator first: an organisation always keeps at least one.", change.Member!.Email!);
                return await PageAsync();
            case MembershipChangeStatus.Unchanged:
                return Redirect(ListLink(PageNumber));
        }

        mail.Send(change.Member!, new RoleChangedEmail(Organisation.Name, newRole == OrganisationRole.Admin));
        if (userId == UserId)
        {
            SetStatus("You are no longer an administrator of {0}.", Organisation.Name);
            return Redirect("/");
        }

        SetStatus(newRole == OrganisationRole.Admin ? "{0} is now an administrator." : "{0} is now a member.", change.Member!.Email!);
        return Redirect(ListLink(PageNumber));
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid userId)
    {
        var change = await members.RemoveAsync(Organisation.Id, userId, await ActorAsync());
        switch (change.Status)
        {
            case MembershipChangeStatus.NotFound:
                return await NotAMemberAsync();
            case MembershipChangeStatus.LastAdmin:
                AddError("{0} is the organisation's only administrator. Make someone else administrator first: an organisation always keeps at least one.", change.Member!.Email!);
                return await PageAsync();
        }

        mail.Send(change.Member!, new RemovedFromOrganisationEmail(Organisation.Name));
        if (userId == UserId)
        {
            SetStatus("You left {0}.", Organisation.Name);
            return Redirect("/");
        }

        SetStatus("{0} was removed from the organisation. Their login stays; their access to {1} ended.", change.Member!.Email!, Organisation.Name);
        return Redirect(ListLink(PageNumber));
    }

    /// <summary>"Remind": e-mails every member without 2FA the organisation's deadline again.</summary>
    public async Task<IActionResult> OnPostRemindAsync()
    {
        if (Mfa is not { } mfa)
        {
            return Redirect(ListLink(PageNumber));
        }

        var members = await enforcement.RemindAsync(Organisation.Id, await ActorAsync());
        foreach (var member in members)
        {
            mail.Send(member, new MfaRequiredEmail(Organisation.Name, mfa.Deadline));
        }

        TempData["StatusMessage"] = members.Count == 0
            ? L["Every member uses two-factor authentication."].Value
            : Plural.Of(members.Count,
                L["A reminder was sent to {0} member without two-factor authentication.", members.Count],
                L["A reminder was sent to {0} members without two-factor authentication.", members.Count]);
        return Redirect(ListLink(PageNumber));
    }

    public string ListLink(int page) =>
        $"/o/{Organisation.Slug}/admin/users?p={page}" + (string.IsNullOrEmpty(Search) ? "" : "&q=" + Uri.EscapeDataString(Search));

    private async Task LoadAsync()
    {
        Members = await members.SearchAsync(Organisation.Id, Search, PageNumber);
        Pending = await invitations.ListPendingAsync(Organisation.Id, Search, MaxPendingShown);
    }

    private async Task<IActionResult> PageAsync()
    {
        await LoadAsync();
        return Page();
    }

    private Task<IActionResult> NoLongerPendingAsync()
    {
        AddError("This invitation is no longer pending: it was accepted or withdrawn.");
        return PageAsync();
    }

    private Task<IActionResult> NotAMemberAsync()
    {
        AddError("This person is not a member of the organisation.");
        return PageAsync();
    }

    private async Task<PortalUser> ActorAsync() => (await users.GetUserAsync(User))!;
}
