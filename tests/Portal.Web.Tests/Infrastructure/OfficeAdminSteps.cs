using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>The steps office-administration tests share: invite through the real form, read the link, accept, read the audit log.</summary>
public static class OfficeAdminSteps
{
    public const string NewPassword = "Marble-Canyon-Lighthouse-58";
    public const string InviteForm = "form[data-testid=invite-form]";
    public const string RegisterForm = "form[data-testid=register-form]";

    /// <summary>The message of /invite/{token} for a link that no longer works.</summary>
    public const string DeadLink = "[data-testid=link-dead]";

    public static string UsersPage(Organisation organisation) => $"/o/{organisation.Slug}/admin/users";

    /// <summary>Where the users page's invitation forms post (invite, resend, withdraw).</summary>
    public static string InvitationsPage(Organisation organisation) => $"/o/{organisation.Slug}/admin/users/invitations";

    /// <summary>Submits the invite form of the users page as the signed-in admin.</summary>
    public static async Task<HttpResponseMessage> InviteAsync(
        this PortalClient admin, Organisation organisation, string emails, OrganisationRole role = OrganisationRole.Member)
    {
        var page = await admin.GetPageAsync(UsersPage(organisation));
        return await admin.SubmitAsync(page, InviteForm, new Dictionary<string, string>
        {
            ["Invite.Emails"] = emails,
            ["Invite.Role"] = role.ToString(),
        });
    }

    /// <summary>The admin invites one address through the form; the link from the e-mail.</summary>
    public static async Task<string> InviteOneAsync(this PortalFactory factory, string adminEmail, Organisation office, string invited)
    {
        var admin = factory.CreatePortalClient();
        await admin.LoginOkAsync(adminEmail);
        var response = await admin.InviteAsync(office, invited);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return await factory.InvitationLinkAsync(invited);
    }

    /// <summary>The /invite/{token} link of the newest invitation e-mail to the address (after <paramref name="count"/> of them arrived).</summary>
    public static async Task<string> InvitationLinkAsync(this PortalFactory factory, string email, int count = 1)
    {
        var mails = await factory.WaitForMailsAsync(email, "invited to join", count);
        return Mailbox.LinkIn(mails[0], "/invite/");
    }

    /// <summary>Waits until at least <paramref name="count"/> e-mails to the address match; newest first.</summary>
    public static async Task<IReadOnlyList<EmlMessage>> WaitForMailsAsync(this PortalFactory factory, string email, string subjectContains, int count)
    {
        await factory.Mailbox.WaitForAsync(email, subjectContains);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var mails = factory.Mailbox.To(email).Where(m => m.Subject.Contains(subjectContains, StringComparison.OrdinalIgnoreCase)).ToList();
            if (mails.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(mails.Count >= count, $"Expected {count} e-mails about \"{subjectContains}\" to {email}, got {mails.Count}");
                return mails;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A new person fills in name and password on the invitation page.</summary>
    public static async Task<HttpResponseMessage> RegisterAsync(
        this PortalClient client, string link, string name = "New Colleague", string password = NewPassword)
    {
        var page = await client.GetPageAsync(link);
        return await client.SubmitAsync(page, RegisterForm, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name,
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }

    /// <summary>The organisation's audit events of one type, oldest first.</summary>
    public static async Task<List<AuditEvent>> AuditEventsAsync(this PortalFactory factory, Guid organisationId, string type)
    {
        var events = new List<AuditEvent>();
        await factory.WithDbAsync(async db => events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.OrganisationId == organisationId && e.Type == type)
            .OrderBy(e => e.Id)
            .ToListAsync());
        return events;
    }

    /// <summary>The antiforgery token of any form on a page of the signed-in person (it is per person, not per form).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this PortalClient client, string pageUrl = "/account/security")
    {
        var page = await client.GetPageAsync(pageUrl);
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    public static Task<HttpResponseMessage> PostFormAsync(this PortalClient client, string url, string antiforgeryToken, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = antiforgeryToken;
        return client.Http.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}
