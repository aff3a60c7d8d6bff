using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Admin;

/// <summary>Inviting colleagues from /o/{org}/admin/users (the forms post to /o/{org}/admin/users/invitations): send, resend, withdraw, and what a refused invite says.</summary>
public sealed class InvitationsPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Admin_invites_three_colleagues_who_accept_and_appear_in_the_list_and_the_audit_log()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginOkAsync(admin.Email!);
        var (anna, bram, chloe) = (TestData.NewEmail("anna"), TestData.NewEmail("bram"), TestData.NewEmail("chloe"));

        // Two members in one go (pasted from a mail client), then one administrator.
        var sent = await adminClient.FollowAsync(await adminClient.InviteAsync(office, $"Anna Peeters <{anna}>;\n{bram.ToUpperInvariant()}"));
        Assert.Contains($"Invitation sent to {anna}, {bram}.", sent.QuerySelector("[role=status]")!.TextContent);
        await adminClient.InviteAsync(office, chloe, OrganisationRole.Admin);
        var pending = await adminClient.GetPageAsync(UsersPage(office));
        Assert.Equal([anna, bram, chloe], pending.QuerySelectorAll("[data-testid=invitation]").Select(r => r.GetAttribute("data-email")).Order());

        foreach (var (email, name) in new[] { (anna, "Anna Peeters"), (bram, "Bram Claes"), (chloe, "Chloé Dubois") })
        {
            var mail = await factory.Mailbox.WaitForAsync(email, $"You are invited to join {office.Name}");
            Assert.Contains($"{admin.DisplayName} invited you to join {office.Name}", mail.Text);
            var invitee = factory.CreatePortalClient();
            var landed = await invitee.RegisterAsync(Mailbox.LinkIn(mail, "/invite/"), name);

            Assert.Equal($"/o/{office.Slug}/e/main", landed.Headers.Location!.OriginalString);
            var home = await invitee.FollowAsync(landed);
            Assert.Equal(email, home.QuerySelector("[data-testid=user-email]")!.TextContent);
            Assert.Contains(office.Name, home.QuerySelectorAll(".switcher .menu-group-title").Select(t => t.TextContent));
            Assert.Contains($"Welcome to {office.Name}.", home.QuerySelector("[role=status]")!.TextContent);
        }

        var list = await adminClient.GetPageAsync(UsersPage(office));
        var roles = list.QuerySelectorAll("[data-testid=member]")
            .ToDictionary(r => r.GetAttribute("data-email")!, r => r.QuerySelector("[data-testid=role]")!.TextContent);
        Assert.Equal("Member", roles[anna]);
        Assert.Equal("Member", roles[bram]);
        Assert.Equal("Administrator", roles[chloe]);
        Assert.Empty(list.QuerySelectorAll("[data-testid=invitation]"));

        var log = (await adminClient.GetPageAsync($"/o/{office.Slug}/admin/audit")).QuerySelectorAll("[data-testid=event]")
            .Select(r => (Type: r.GetAttribute("data-type"), Actor: r.QuerySelector("[data-testid=actor]")!.TextContent, Target: r.QuerySelector("[data-testid=target]")!.TextContent))
            .ToList();
        foreach (var email in new[] { anna, bram, chloe })
        {
            Assert.Contains((AuditEventTypes.InvitationSent, admin.Email!, email), log);
            Assert.Contains(log, e => e.Type == AuditEventTypes.InvitationAccepted && e.Actor == email);
            Assert.Contains(log, e => e.Type == AuditEventTypes.LoginSucceeded && e.Actor == email);
        }
    }

    [Fact]
    public async Task Resending_sends_a_new_link_and_voids_the_old_one()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var invited = TestData.NewEmail("resend");
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginOkAsync(admin.Email!);
        await adminClient.InviteAsync(office, invited);
        var oldLink = await factory.InvitationLinkAsync(invited);

        var users = await adminClient.GetPageAsync(UsersPage(office));
        var resent = await adminClient.FollowAsync(await adminClient.SubmitAsync(users, $"tr[data-email='{invited}'] form[action*='handler=Resend']"));
        Assert.Contains("previous link no longer works", resent.QuerySelector("[role=status]")!.TextContent);
        var newLink = await factory.InvitationLinkAsync(invited, count: 2);

        Assert.NotEqual(oldLink, newLink);
        Assert.Contains("not valid", (await factory.CreatePortalClient().GetPageAsync(oldLink)).QuerySelector(DeadLink)!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreatePortalClient().RegisterAsync(newLink)).StatusCode);
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationResent), e => e.TargetEmail == invited);
    }

    [Fact]
    public async Task A_revoked_link_is_refused_and_audited()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var colleague = await factory.Data.UserAsync();
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginOkAsync(admin.Email!);
        await adminClient.InviteAsync(office, colleague.Email!);
        var link = await factory.InvitationLinkAsync(colleague.Email!);
        var invitee = factory.CreatePortalClient();
        await invitee.LoginOkAsync(colleague.Email!);
        var joinOpenedBeforeRevoke = await invitee.GetPageAsync(link);

        var users = await adminClient.GetPageAsync(UsersPage(office));
        var after = await adminClient.FollowAsync(await adminClient.SubmitAsync(users, $"tr[data-email='{colleague.Email}'] form[action*='handler=Revoke']"));
        var late = await invitee.SubmitAsync(joinOpenedBeforeRevoke, "form[data-testid=join-form]");

        Assert.Empty(after.QuerySelectorAll("[data-testid=invitation]"));
        Assert.Contains("was withdrawn", (await PortalClient.ParseAsync(late)).QuerySelector(DeadLink)!.TextContent);
        Assert.Contains("was withdrawn", (await factory.CreatePortalClient().GetPageAsync(link)).QuerySelector(DeadLink)!.TextContent);
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationRevoked), e => e.TargetEmail == colleague.Email);
        Assert.Contains(await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationRefused),
            e => e.Details!.Contains("\"revoked\"", StringComparison.Ordinal));
        await factory.WithDbAsync(async db =>
            Assert.False(await db.Memberships.AnyAsync(m => m.UserId == colleague.Id && m.OrganisationId == office.Id)));
    }

    [Fact]
    public async Task Inviting_a_member_or_an_invited_address_says_so_and_offers_a_resend()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var (invitedBefore, newcomer) = (TestData.NewEmail("pending"), TestData.NewEmail("newcomer"));
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginOkAsync(admin.Email!);
        await adminClient.InviteAsync(office, invitedBefore);
        await factory.InvitationLinkAsync(invitedBefore);

        var page = await adminClient.FollowAsync(await adminClient.InviteAsync(office, $"{member.Email}, {invitedBefore}, {newcomer}"));

        Assert.Contains($"Invitation sent to {newcomer}.", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Contains(member.Email!, page.QuerySelector("[data-testid=already-members]")!.TextContent);
        var alreadyInvited = page.QuerySelector("[data-testid=already-invited]")!;
        Assert.Contains(invitedBefore, alreadyInvited.TextContent);
        await factory.InvitationLinkAsync(newcomer);
        await factory.Mailbox.AssertNoneToAsync(member.Email!);
        Assert.Single(factory.Mailbox.To(invitedBefore));

        await adminClient.SubmitAsync(page, "[data-testid=already-invited] form[action*='handler=Resend']");
        await factory.InvitationLinkAsync(invitedBefore, count: 2);
    }

    [Fact]
    public async Task Invalid_addresses_are_named_and_nothing_is_sent()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var good = TestData.NewEmail("good");
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var response = await client.InviteAsync(office, $"{good}, not-an-address; someone@nowhere");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        var error = PortalClient.Errors(page);
        Assert.Contains("not-an-address", error);
        Assert.Contains("someone@nowhere", error);
        Assert.Contains(good, page.QuerySelector("textarea[name='Invite.Emails']")!.TextContent);
        await factory.WithDbAsync(async db => Assert.False(await db.Invitations.AnyAsync(i => i.OrganisationId == office.Id)));
        await factory.Mailbox.AssertNoneToAsync(good);
    }
}
