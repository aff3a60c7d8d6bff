using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.EnforcedMfa;

/// <summary>
/// An organisation that requires two-factor authentication: the setting, the countdown, the block on
/// everything of the organisation after the deadline, enrolment as the way back in.
/// </summary>
public sealed class EnforcedMfaTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SettingsForm = "form[data-testid=settings-form]";

    [Fact]
    public async Task Switching_it_on_emails_members_without_2fa_the_deadline_and_is_audited()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var enrolled = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(enrolled, office);
        await factory.EnrolAsync(enrolled);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var page = await client.GetPageAsync($"/o/{office.Slug}/admin/settings");
        var saved = await client.FollowAsync(await client.SubmitAsync(page, SettingsForm, new Dictionary<string, string>
        {
            ["Input.RequireMfa"] = "true",
            ["Input.MfaGraceDays"] = "7",
        }));

        DateTimeOffset since = default;
        await factory.WithDbAsync(async db => since = (await db.Organisations.SingleAsync(o => o.Id == office.Id)).MfaRequiredSince!.Value);
        var deadline = TestTime.Shown(since.AddDays(7));
        Assert.Contains(deadline, saved.QuerySelector("[data-testid=mfa-deadline]")!.TextContent);
        var mail = await factory.Mailbox.WaitForAsync(member.Email!, "requires two-factor authentication");
        Assert.Contains(deadline, mail.Text);
        await factory.Mailbox.WaitForAsync(admin.Email!, "requires two-factor authentication");
        Assert.DoesNotContain(factory.Mailbox.To(enrolled.Email!), m => m.Subject.Contains("requires two-factor", StringComparison.Ordinal));
        var switchedOn = Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.MfaRequirementSwitchedOn));
        Assert.Equal(admin.Id, switchedOn.ActorUserId);
    }

    [Fact]
    public async Task Members_see_the_countdown_during_the_grace_period_and_are_blocked_after_it()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        await RequireMfaAsync(office, graceDays: 7);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);

        var during = await client.GetPageAsync($"/o/{office.Slug}/e/main");
        var banner = during.QuerySelector("[data-testid=mfa-countdown]")!;
        Assert.Contains("7 days left", banner.TextContent);
        Assert.NotNull(banner.QuerySelector("a[href='/account/security/authenticators/add']"));

        // Days later the session has timed out: the member logs in again.
        factory.Clock.Advance(TimeSpan.FromDays(6));
        await client.LoginOkAsync(member.Email!);
        Assert.Contains("1 day left", (await client.GetPageAsync($"/o/{office.Slug}/e/main")).QuerySelector("[data-testid=mfa-countdown]")!.TextContent);

        factory.Clock.Advance(TimeSpan.FromDays(1));
        await client.LoginOkAsync(member.Email!);
        var after = await client.GetAsync($"/o/{office.Slug}/e/main");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal($"/account/security/required?org={office.Slug}", after.Headers.Location!.OriginalString);
        var required = await client.FollowAsync(after);
        Assert.Contains(office.Name, required.QuerySelector("[data-testid=requiring-organisations]")!.TextContent);
    }

    [Fact]
    public async Task After_enrolling_from_the_block_the_member_continues_to_the_organisation_they_tried_to_open()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        await RequireMfaAsync(office, graceDays: 0);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);

        var required = await client.FollowAsync(await client.GetAsync($"/o/{office.Slug}/e/main"));
        var enrolled = await client.EnrolThroughPageAsync(addPage: required.QuerySelector("[data-testid=set-up-now]")!.GetAttribute("href")!);

        Assert.NotEmpty(enrolled.BackupCodes);
        var next = enrolled.Shown!.QuerySelector("[data-testid=codes-saved]")!.GetAttribute("href")!;
        Assert.Equal($"/o/{office.Slug}/e/main", next);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(next)).StatusCode);
        // The block page itself now sends them on into the organisation.
        var blockPage = await client.GetAsync($"/account/security/required?org={office.Slug}");
        Assert.Equal($"/o/{office.Slug}/e/main", blockPage.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_way_back_after_enrolment_never_leaves_the_portal()
    {
        var (member, _) = await factory.Data.MemberOfNewOrganisationAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);

        var enrolled = await client.EnrolThroughPageAsync(
            addPage: "/account/security/authenticators/add?returnUrl=" + Uri.EscapeDataString("https://evil.example/"));

        Assert.Equal("/account/security", enrolled.Shown!.QuerySelector("[data-testid=codes-saved]")!.GetAttribute("href"));
    }

    /// <summary>The rule in one place: pages, form posts and downloads of the organisation alike.</summary>
    [Fact]
    public async Task Every_page_handler_and_download_of_the_organisation_sends_a_non_enrolled_member_to_enrolment()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        var token = await client.AntiforgeryTokenAsync();
        await RequireMfaAsync(office, graceDays: 0);
        var values = new Dictionary<string, string> { ["org"] = office.Slug, ["env"] = "main" };
        var handlers = (await PageCatalogue.AllAsync(factory.Services)).Where(h => h.IsOrganisationScoped).ToList();

        var reachable = new List<string>();
        foreach (var handler in handlers)
        {
            var response = handler.Method == "GET"
                ? await client.GetAsync(handler.Url(values))
                : await client.Http.PostAsync(handler.Url(values), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            if (response.StatusCode != HttpStatusCode.Redirect
                || response.Headers.Location?.OriginalString != $"/account/security/required?org={office.Slug}")
            {
                reachable.Add($"{handler} answered {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.Contains(handlers, h => h.Handler == "Csv");
        Assert.Contains(handlers, h => h.Method == "POST");
        Assert.True(reachable.Count == 0, "Reachable without 2FA:\n" + string.Join("\n", reachable));
    }

    [Fact]
    public async Task An_organisation_that_does_not_require_it_stays_reachable_and_login_does_not_force_enrolment()
    {
        var (member, enforcing) = await factory.Data.MemberOfNewOrganisationAsync();
        var relaxed = await factory.Data.OrganisationAsync();
        await factory.Data.MemberAsync(member, relaxed);
        await RequireMfaAsync(enforcing, graceDays: 0);
        var client = factory.CreatePortalClient();

        var login = await client.LoginAsync(member.Email!, TestData.Password);

        Assert.Equal("/", login.Headers.Location!.OriginalString);
        var page = await client.GetPageAsync($"/o/{relaxed.Slug}/e/main");
        Assert.Null(page.QuerySelector("[data-testid=mfa-countdown]"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/o/{enforcing.Slug}/e/main")).StatusCode);
    }

    [Fact]
    public async Task A_member_whose_organisations_all_require_it_enrols_right_after_the_password_and_then_gets_in()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        await RequireMfaAsync(office, graceDays: 0);
        var client = factory.CreatePortalClient();

        var login = await client.LoginAsync(member.Email!, TestData.Password, returnUrl: $"/o/{office.Slug}/e/main");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/account/security/required", login.Headers.Location!.OriginalString);
        var required = await client.FollowAsync(login);
        Assert.Contains(office.Name, required.QuerySelector("[data-testid=requiring-organisations]")!.TextContent);

        var enrolled = await client.EnrolThroughPageAsync();

        Assert.Equal(10, enrolled.BackupCodes.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/o/{office.Slug}/e/main")).StatusCode);
    }

    [Fact]
    public async Task Accepting_an_invitation_into_an_organisation_that_requires_it_ends_in_enrolment()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var adminPhone = await factory.EnrolAsync(admin);
        await RequireMfaAsync(office, graceDays: 0);
        var email = TestData.NewEmail("invitee");
        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginWithCodeAsync(admin.Email!, adminPhone.Secret);
        await adminClient.InviteAsync(office, email);
        var link = await factory.InvitationLinkAsync(email);

        var joined = await factory.CreatePortalClient().RegisterAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Equal($"/account/security/required?org={office.Slug}", joined.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task While_required_the_last_authenticator_cannot_be_removed_nor_2fa_turned_off()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync();
        var phone = await factory.EnrolAsync(member);
        await RequireMfaAsync(office, graceDays: 7);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(member.Email!, phone.Secret);
        Guid id = default;
        await factory.WithDbAsync(async db => id = (await db.Authenticators.SingleAsync(a => a.UserId == member.Id)).Id);

        var removePage = await client.GetPageAsync($"/account/security/authenticators/{id}/remove");
        Assert.Contains(office.Name, removePage.QuerySelector("[data-testid=required-by]")!.TextContent);
        var removal = await client.SubmitAsync(removePage, "main form", new Dictionary<string, string> { ["Input.Password"] = TestData.Password });
        Assert.Equal(HttpStatusCode.OK, removal.StatusCode);
        Assert.Contains(office.Name, PortalClient.Errors(await PortalClient.ParseAsync(removal)));

        var offPage = await client.GetPageAsync("/account/security/two-factor/off");
        Assert.Contains(office.Name, offPage.QuerySelector("[data-testid=required-by]")!.TextContent);
        var off = await client.SubmitAsync(offPage, "main form", new Dictionary<string, string> { ["Input.Password"] = TestData.Password });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);

        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == member.Id)));
    }

    [Fact]
    public async Task Switching_it_off_lifts_the_block_is_audited_and_emails_the_admins()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var adminPhone = await factory.EnrolAsync(admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        await RequireMfaAsync(office, graceDays: 0);
        var memberClient = factory.CreatePortalClient();
        await memberClient.LoginOkAsync(member.Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await memberClient.GetAsync($"/o/{office.Slug}/e/main")).StatusCode);

        var adminClient = factory.CreatePortalClient();
        await adminClient.LoginWithCodeAsync(admin.Email!, adminPhone.Secret);
        var page = await adminClient.GetPageAsync($"/o/{office.Slug}/admin/settings");
        var form = new Dictionary<string, string> { ["Input.MfaGraceDays"] = "0" };
        ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name='Input.RequireMfa'][type=checkbox]")!).IsChecked = false;
        await adminClient.FollowAsync(await adminClient.SubmitAsync(page, SettingsForm, form));

        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync($"/o/{office.Slug}/e/main")).StatusCode);
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.MfaRequirementSwitchedOff));
        var mail = await factory.Mailbox.WaitForAsync(admin.Email!, "no longer requires two-factor authentication");
        Assert.Contains(office.Name, mail.Subject);
    }

    private Task RequireMfaAsync(Organisation office, int graceDays) =>
        factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            stored.RequireMfa = true;
            stored.MfaGraceDays = graceDays;
            stored.MfaRequiredSince = factory.Clock.GetUtcNow();
            await db.SaveChangesAsync();
        });
}
