using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Invitations;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Admin;

/// <summary>
/// /o/{org}/admin/users/invitations: invite colleagues, send a new link, withdraw an invitation.
/// Success returns to the users page (which shows the same invitations); a refused invite is
/// answered here, with the form and its errors.
/// </summary>
[OrganisationAdmin]
public sealed class InvitationsModel(
    InvitationSending sending,
    PendingInvitations pending,
    CurrentTenant tenant,
    UserManager<PortalUser> users,
    Mailer mail,
    TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    [PageNumber]
    public int PageNumber { get; set; } = 1;

    public InvitationsPanel Panel { get; private set; } = null!;

    public OrganisationWorkspace Organisation => tenant.Organisation;

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Enter at least one e-mail address.")]
        [StringLength(30_000, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "E-mail addresses")]
        public string Emails { get; set; } = "";

        [Display(Name = "Role")]
        public OrganisationRole Role { get; set; } = OrganisationRole.Member;
    }

    public Task OnGetAsync() => LoadAsync(new InviteInput());

    /// <summary>Bound by this handler only, so the other forms' posts carry no invite errors.</summary>
    public async Task<IActionResult> OnPostInviteAsync([Bind(Prefix = "Invite")] InviteInput invite)
    {
        if (!Enum.IsDefined(invite.Role))
        {
            ModelState.AddModelError("Invite.Role", L["Choose a role."]);
        }

        if (!ModelState.IsValid)
        {
            return await PageAsync(invite);
        }

        var actor = await ActorAsync();
        var result = await sending.InviteAsync(Organisation.Id, invite.Emails, invite.Role, actor, SendInvitation(actor));
        switch (result.Problem)
        {
            case InviteProblem.InvalidAddresses:
                ModelState.AddModelError("Invite.Emails", L["Not valid e-mail addresses: {0}. Correct them and send again; no invitation was sent.", string.Join(", ", result.InvalidAddresses)]);
                return await PageAsync(invite);
            case InviteProblem.NoAddresses:
                ModelState.AddModelError("Invite.Emails", L["Enter at least one e-mail address."]);
                return await PageAsync(invite);
            case InviteProblem.TooManyAddresses:
                ModelState.AddModelError("Invite.Emails", L["Invite at most {0} addresses at once.", InvitationSending.MaxAddressesPerInvite]);
                return await PageAsync(invite);
            case InviteProblem.Conflict:
                AddError("Someone invited one of these addresses at the same moment. Check the pending invitations and try again.");
                return await PageAsync(invite);
        }

        if (result.Sent.Count > 0)
        {
            SetStatus("Invitation sent to {0}.", string.Join(", ", result.Sent.Select(s => s.Email)));
        }
        else
        {
            SetStatus("No invitation was sent.");
        }

        InvitationsPanel.Remember(TempData, result);
        return Redirect(UsersModel.Link(Organisation.Slug, PageNumber, Search));
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        var actor = await ActorAsync();
        if (await sending.ResendAsync(Organisation.Id, id, actor, SendInvitation(actor)) is not { } sent)
        {
            return await NoLongerPendingAsync();
        }

        SetStatus("A new invitation link was sent to {0}. The previous link no longer works.", sent.Email);
        return Redirect(UsersModel.Link(Organisation.Slug, PageNumber, Search));
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        if (await pending.RevokeAsync(Organisation.Id, id, await ActorAsync()) is not { } email)
        {
            return await NoLongerPendingAsync();
        }

        SetStatus("The invitation to {0} was withdrawn. Its link no longer works.", email);
        return Redirect(UsersModel.Link(Organisation.Slug, PageNumber, Search));
    }

    /// <summary>The invitation e-mail, queued in the transaction that creates the invitation (both commit or neither).</summary>
    private Action<SentInvitation> SendInvitation(PortalUser actor) => sent => mail.Send(
        sent.Email, "en", sent.Email,
        new InvitationEmail(Organisation.Name, Mailer.GreetingName(actor), "/invite/" + sent.Token, sent.ExpiresAt));

    private async Task LoadAsync(InviteInput invite) =>
        Panel = await InvitationsPanel.LoadAsync(pending, Organisation.Id, Organisation.Slug, Search, PageNumber, invite, TempData, clock);

    private async Task<IActionResult> PageAsync(InviteInput invite)
    {
        await LoadAsync(invite);
        return Page();
    }

    private Task<IActionResult> NoLongerPendingAsync()
    {
        AddError("This invitation is no longer pending: it was accepted or withdrawn.");
        return PageAsync(new InviteInput());
    }

    private async Task<PortalUser> ActorAsync() => (await users.GetUserAsync(User))!;
}
