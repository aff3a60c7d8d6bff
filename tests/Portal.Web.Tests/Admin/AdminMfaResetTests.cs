using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Admin;

/// <summary>
/// An admin resets the 2FA of a colleague who lost their phone (re-entering their own password),
/// only where the colleague belongs to no organisation the admin does not administer; and the
/// compliance notice with "Remind" on the users page.
/// </summary>
public sealed class AdminMfaResetTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string ResetForm = "form[data-testid=reset-form]";

    [Fact]
    public async Task Admin_resets_a_colleague_and_their_open_session_is_signed_out_with_a_notice_and_an_audit_event()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (member, memberClient, _) = await EnrolledMemberSignedInAsync(office);
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginOkAsync(admin.Email!);
        var users = await adminClient.GetPageAsync(UsersPage(office));
        var link = users.QuerySelector($"tr[data-email='{member.Email}'] a[data-testid=reset-mfa]")!.GetAttribute("href")!;
        var page = await adminClient.GetPageAsync(link);

        var wrong = await adminClient.SubmitAsync(page, ResetForm, new Dictionary<string, string> { ["Input.Password"] = "Not-My-Password-000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == member.Id)));

        var done = await adminClient.FollowAsync(await adminClient.SubmitAsync(page, ResetForm, new Dictionary<string, string> { ["Input.Password"] = TestData.Password }));

        Assert.Contains($"The two-factor authentication of {member.Email} was reset", done.QuerySelector("[role=status]")!.TextContent);
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == member.Id));
            Assert.False(await db.BackupCodes.AnyAsync(c => c.UserId == member.Id));
        });
        var signedOut = await memberClient.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith("/login", signedOut.Headers.Location!.AbsolutePath);
        var notice = await factory.Mailbox.WaitForAsync(member.Email!, "two-factor authentication was reset");
        Assert.Contains(office.Name, notice.Text);
        var audited = Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.TwoFactorReset));
        Assert.Equal(admin.Id, audited.ActorUserId);
    }

    [Fact]
    public async Task After_a_reset_the_colleague_enrols_at_the_next_login_when_the_office_requires_it()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var adminPhone = await factory.EnrolAsync(admin);
        var (member, _, _) = await EnrolledMemberSignedInAsync(office);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            (stored.RequireMfa, stored.MfaGraceDays, stored.MfaRequiredSince) = (true, 0, factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginWithCodeAsync(admin.Email!, adminPhone.Secret);

        var page = await adminClient.GetPageAsync($"/o/{office.Slug}/admin/users/{member.Id}/reset-mfa");
        await adminClient.SubmitAsync(page, ResetForm, new Dictionary<string, string> { ["Input.Password"] = TestData.Password });

        var login = await factory.CreatePortalClient().LoginAsync(member.Email!, TestData.Password);
        Assert.Equal("/account/security/required", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_reset_is_refused_when_the_colleague_belongs_to_an_organisation_the_admin_does_not_administer()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (member, _, _) = await EnrolledMemberSignedInAsync(office);
        var otherOffice = await factory.Data.OrganisationAsync();
        await factory.Data.MemberAsync(member, otherOffice);
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginOkAsync(admin.Email!);

        var page = await adminClient.GetPageAsync($"/o/{office.Slug}/admin/users/{member.Id}/reset-mfa");
        Assert.Contains("contact Portal support", page.QuerySelector("[data-testid=contact-support]")!.TextContent);
        Assert.Null(page.QuerySelector(ResetForm));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forced = await adminClient.PostFormAsync($"/o/{office.Slug}/admin/users/{member.Id}/reset-mfa", token,
            new Dictionary<string, string> { ["Input.Password"] = TestData.Password });

        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == member.Id)));
        Assert.Empty(await factory.AuditEventsAsync(office.Id, AuditEventTypes.TwoFactorReset));
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.AdminMfaResetRefused));
    }

    [Fact]
    public async Task Resetting_an_administrator_emails_every_administrator_of_the_organisation()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var thirdAdmin = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(thirdAdmin, office, OrganisationRole.Admin);
        var colleague = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(colleague, office, OrganisationRole.Admin);
        await factory.EnrolAsync(colleague);
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginOkAsync(admin.Email!);

        var page = await adminClient.GetPageAsync($"/o/{office.Slug}/admin/users/{colleague.Id}/reset-mfa");
        await adminClient.SubmitAsync(page, ResetForm, new Dictionary<string, string> { ["Input.Password"] = TestData.Password });

        foreach (var recipient in new[] { admin, thirdAdmin })
        {
            var mail = await factory.Mailbox.WaitForAsync(recipient.Email!, "of an administrator of");
            Assert.Contains(colleague.Email!, mail.Text);
        }
    }

    [Fact]
    public async Task The_users_page_shows_the_deadline_and_Remind_emails_those_without_2fa()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var adminPhone = await factory.EnrolAsync(admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var since = factory.Clock.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            (stored.RequireMfa, stored.MfaGraceDays, stored.MfaRequiredSince) = (true, 7, since);
            await db.SaveChangesAsync();
        });
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(admin.Email!, adminPhone.Secret);

        var page = await client.GetPageAsync(UsersPage(office));
        var deadline = TestTime.Shown(since.AddDays(7));
        Assert.Contains(deadline, page.QuerySelector("[data-testid=mfa-compliance]")!.TextContent);
        Assert.Equal("None", page.QuerySelector($"tr[data-email='{member.Email}'] [data-testid=two-factor]")!.TextContent);
        var reminded = await client.FollowAsync(await client.SubmitAsync(page, "form[action*='handler=Remind']"));

        Assert.Contains("1 member without", reminded.QuerySelector("[role=status]")!.TextContent);
        var mail = await factory.Mailbox.WaitForAsync(member.Email!, "requires two-factor authentication");
        Assert.Contains(deadline, mail.Text);
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.MfaReminderSent));
    }

    private async Task<(PortalUser Member, PortalClient Client, Enrolled Phone)> EnrolledMemberSignedInAsync(Organisation office)
    {
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var phone = await factory.EnrolAsync(member);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(member.Email!, phone.Secret);
        return (member, client, phone);
    }
}
