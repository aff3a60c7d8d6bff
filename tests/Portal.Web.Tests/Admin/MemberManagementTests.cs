using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Admin;

/// <summary>Role changes, removal, the last-admin rule and who may reach the administration at all.</summary>
public sealed class MemberManagementTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string LastAdminMessage = "is the organisation's only administrator";

    [Fact]
    public async Task Admin_makes_a_member_administrator_and_back_and_the_member_is_told_by_email()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var promoted = await client.FollowAsync(await client.SubmitAsync(await client.GetPageAsync(UsersPage(office)), RoleForm(member.Email!)));
        Assert.Equal("Administrator", Row(promoted, member.Email!).QuerySelector("[data-testid=role]")!.TextContent);
        Assert.Equal(OrganisationRole.Admin, await RoleAsync(member.Id, office.Id));
        var mail = await factory.Mailbox.WaitForAsync(member.Email!, $"Your role in {office.Name} changed");
        Assert.Contains("made you an administrator", mail.Text);

        await client.SubmitAsync(promoted, RoleForm(member.Email!));
        Assert.Equal(OrganisationRole.Member, await RoleAsync(member.Id, office.Id));
        var changes = await factory.AuditEventsAsync(office.Id, AuditEventTypes.MemberRoleChanged);
        Assert.Equal(2, changes.Count(e => e.TargetUserId == member.Id && e.ActorUserId == admin.Id));
        Assert.Contains("\"to\": \"Admin\"", changes[0].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removed_member_loses_access_on_the_next_request_and_keeps_the_login()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var memberSession = factory.CreatePortalClient();
        await memberSession.LoginOkAsync(member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await memberSession.GetAsync($"/o/{office.Slug}/e/main")).StatusCode);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var after = await client.FollowAsync(await client.SubmitAsync(await client.GetPageAsync(UsersPage(office)), RemoveForm(member.Email!)));

        Assert.Null(after.QuerySelector($"[data-testid=member][data-email='{member.Email}']"));
        // The session opened before the removal: still signed in, but the office is gone.
        Assert.Equal(HttpStatusCode.NotFound, (await memberSession.GetAsync($"/o/{office.Slug}/e/main")).StatusCode);
        var home = await memberSession.GetPageAsync("/");
        Assert.Equal(member.Email, home.QuerySelector("[data-testid=user-email]")!.TextContent);
        Assert.DoesNotContain(office.Name, home.QuerySelector(".switcher")!.TextContent);
        await factory.CreatePortalClient().LoginOkAsync(member.Email!);
        await factory.Mailbox.WaitForAsync(member.Email!, $"You were removed from {office.Name}");
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.MemberRemoved), e => e.TargetUserId == member.Id);
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_removed()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var demote = await client.SubmitAsync(await client.GetPageAsync(UsersPage(office)), RoleForm(admin.Email!));
        var remove = await client.SubmitAsync(await client.GetPageAsync(UsersPage(office)), RemoveForm(admin.Email!));

        Assert.Contains(LastAdminMessage, PortalClient.Errors(await PortalClient.ParseAsync(demote)));
        Assert.Contains(LastAdminMessage, PortalClient.Errors(await PortalClient.ParseAsync(remove)));
        Assert.Equal(OrganisationRole.Admin, await RoleAsync(admin.Id, office.Id));
        Assert.Empty(await factory.AuditEventsAsync(office.Id, AuditEventTypes.MemberRoleChanged));

        // With a second admin, stepping down works and the administration closes at once.
        var second = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(second, office, OrganisationRole.Admin);
        var steppedDown = await client.SubmitAsync(await client.GetPageAsync(UsersPage(office)), RoleForm(admin.Email!));
        Assert.Equal("/", steppedDown.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(UsersPage(office))).StatusCode);
    }

    [Fact]
    public async Task A_member_gets_404_on_every_admin_page_and_handler_and_changes_nothing()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var invitationId = await PendingInvitationAsync(admin.Email!, office, TestData.NewEmail("pending"));
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);

        foreach (var url in new[] { UsersPage(office), InvitationsPage(office), $"/o/{office.Slug}/admin/settings", $"/o/{office.Slug}/admin/audit", $"/o/{office.Slug}/admin/audit?handler=Csv" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        }

        var env = await client.GetPageAsync($"/o/{office.Slug}/e/main");
        Assert.Null(env.QuerySelector($"a[href='/o/{office.Slug}/admin/users']"));
        var token = await client.AntiforgeryTokenAsync();
        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            (InvitationsPage(office) + "?handler=Invite", new() { ["Invite.Emails"] = TestData.NewEmail("sneaky"), ["Invite.Role"] = "Admin" }),
            (UsersPage(office) + "?handler=ChangeRole", new() { ["userId"] = member.Id.ToString(), ["role"] = "Admin" }),
            (UsersPage(office) + "?handler=Remove", new() { ["userId"] = admin.Id.ToString() }),
            (InvitationsPage(office) + "?handler=Revoke", new() { ["id"] = invitationId.ToString() }),
            (InvitationsPage(office) + "?handler=Resend", new() { ["id"] = invitationId.ToString() }),
            ($"/o/{office.Slug}/admin/settings", new() { ["Input.Name"] = "Taken over", ["Input.InvitationExpiryDays"] = "30" }),
        };
        foreach (var (url, fields) in posts)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync(url, token, fields)).StatusCode);
        }

        Assert.Equal(OrganisationRole.Member, await RoleAsync(member.Id, office.Id));
        Assert.Equal(OrganisationRole.Admin, await RoleAsync(admin.Id, office.Id));
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(office.Name, await db.Organisations.Where(o => o.Id == office.Id).Select(o => o.Name).SingleAsync());
            var invitations = await db.Invitations.Where(i => i.OrganisationId == office.Id).ToListAsync();
            var invitation = Assert.Single(invitations);
            Assert.Null(invitation.RevokedAt);
        });
        Assert.Empty(await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationResent));
    }

    [Fact]
    public async Task An_admin_of_one_office_cannot_act_on_another_office_by_posting_its_ids()
    {
        var (adminA, officeA) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (adminB, officeB) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var memberB = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(memberB, officeB);
        var invitedToB = TestData.NewEmail("invitedb");
        var invitationB = await PendingInvitationAsync(adminB.Email!, officeB, invitedToB);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(adminA.Email!);
        var token = await client.AntiforgeryTokenAsync(UsersPage(officeA));

        // B's ids posted into A's own administration match nothing there.
        foreach (var (pageUrl, handler, fields) in new (string, string, Dictionary<string, string>)[]
        {
            (UsersPage(officeA), "Remove", new() { ["userId"] = memberB.Id.ToString() }),
            (UsersPage(officeA), "ChangeRole", new() { ["userId"] = memberB.Id.ToString(), ["role"] = "Admin" }),
            (InvitationsPage(officeA), "Revoke", new() { ["id"] = invitationB.ToString() }),
            (InvitationsPage(officeA), "Resend", new() { ["id"] = invitationB.ToString() }),
        })
        {
            var response = await client.PostFormAsync($"{pageUrl}?handler={handler}", token, fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await PortalClient.ParseAsync(response);
            Assert.NotEmpty(PortalClient.Errors(page));
            Assert.DoesNotContain(invitedToB, page.Body!.TextContent);
            Assert.DoesNotContain(memberB.Email!, page.Body!.TextContent);
        }

        // And B's own administration is not there for A's admin.
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostFormAsync($"{UsersPage(officeB)}?handler=Remove", token, new() { ["userId"] = memberB.Id.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/o/{officeB.Slug}/admin/audit")).StatusCode);

        Assert.Equal(OrganisationRole.Member, await RoleAsync(memberB.Id, officeB.Id));
        await factory.WithDbAsync(async db =>
            Assert.Null(await db.Invitations.Where(i => i.Id == invitationB).Select(i => i.RevokedAt).SingleAsync()));
        Assert.Single(factory.Mailbox.To(invitedToB));
        Assert.Empty(await factory.AuditEventsAsync(officeA.Id, AuditEventTypes.MemberRemoved));
    }

    [Fact]
    public async Task Role_values_outside_admin_and_member_are_refused()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        var token = await client.AntiforgeryTokenAsync(UsersPage(office));

        foreach (var role in new[] { "Owner", "1", "admin", "" })
        {
            var response = await client.PostFormAsync($"{UsersPage(office)}?handler=ChangeRole", token,
                new() { ["userId"] = member.Id.ToString(), ["role"] = role });
            Assert.Contains("Choose a role", PortalClient.Errors(await PortalClient.ParseAsync(response)));
        }

        var invite = await client.PostFormAsync($"{InvitationsPage(office)}?handler=Invite", token,
            new() { ["Invite.Emails"] = TestData.NewEmail("owner"), ["Invite.Role"] = "7" });

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Equal(OrganisationRole.Member, await RoleAsync(member.Id, office.Id));
        await factory.WithDbAsync(async db => Assert.False(await db.Invitations.AnyAsync(i => i.OrganisationId == office.Id)));
    }

    private static string RoleForm(string email) => $"tr[data-email='{email}'] form[action*='handler=ChangeRole']";

    private static string RemoveForm(string email) => $"tr[data-email='{email}'] form[action*='handler=Remove']";

    private static AngleSharp.Dom.IElement Row(AngleSharp.Html.Dom.IHtmlDocument page, string email) =>
        page.QuerySelector($"[data-testid=member][data-email='{email}']")!;

    private async Task<OrganisationRole?> RoleAsync(Guid userId, Guid organisationId)
    {
        OrganisationRole? role = null;
        await factory.WithDbAsync(async db => role = await db.Memberships
            .Where(m => m.UserId == userId && m.OrganisationId == organisationId)
            .Select(m => (OrganisationRole?)m.Role)
            .SingleOrDefaultAsync());
        return role;
    }

    private async Task<Guid> PendingInvitationAsync(string adminEmail, Organisation office, string invited)
    {
        var admin = factory.CreatePortalClient();
        await admin.LoginOkAsync(adminEmail);
        await admin.InviteAsync(office, invited);
        await factory.InvitationLinkAsync(invited);
        var id = Guid.Empty;
        await factory.WithDbAsync(async db => id = await db.Invitations.Where(i => i.OrganisationId == office.Id && i.Email == invited).Select(i => i.Id).SingleAsync());
        return id;
    }
}
