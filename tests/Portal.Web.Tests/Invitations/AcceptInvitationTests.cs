using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Invitations;

/// <summary>Accepting at /invite/{token}: a new person registers or a signed-in person joins, and every rule of a link.</summary>
public sealed class AcceptInvitationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Existing_user_logs_in_from_the_invitation_and_joins_keeping_their_other_organisation()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (colleague, otherOffice) = await factory.Data.MemberOfNewOrganisationAsync();
        var link = await factory.InviteOneAsync(admin.Email!, office, colleague.Email!);
        var client = factory.CreatePortalClient();

        var invitation = await client.GetPageAsync(link);
        Assert.Null(invitation.QuerySelector(RegisterForm));
        Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString(link),
            invitation.QuerySelector("[data-testid=login-to-accept]")!.GetAttribute("href"));
        var loggedIn = await client.LoginAsync(colleague.Email!, TestData.Password, returnUrl: link);
        Assert.Equal(link, loggedIn.Headers.Location!.OriginalString);
        var joined = await client.SubmitAsync(await client.GetPageAsync(link), "form[data-testid=join-form]");

        Assert.Equal($"/o/{office.Slug}/e/main", joined.Headers.Location!.OriginalString);
        var page = await client.FollowAsync(joined);
        var organisations = page.QuerySelectorAll(".switcher .menu-group-title").Select(t => t.TextContent).ToList();
        Assert.Contains(office.Name, organisations);
        Assert.Contains(otherOffice.Name, organisations);
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationAccepted), e => e.ActorUserId == colleague.Id);
    }

    [Fact]
    public async Task Signed_in_as_another_email_the_invitation_is_refused_audited_and_stays_open()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var invited = TestData.NewEmail("invited");
        var link = await factory.InviteOneAsync(admin.Email!, office, invited);
        var intruder = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(intruder.Email!);

        var page = await client.GetPageAsync(link);
        var refusal = page.QuerySelector("[data-testid=wrong-email]")!.TextContent;
        Assert.Contains(intruder.Email!, refusal);
        Assert.Contains(invited, refusal);
        Assert.Null(page.QuerySelector("form[data-testid=join-form]"));
        // Posting the join handler anyway changes nothing.
        var forced = await client.PostFormAsync(link + "?handler=Join", await client.AntiforgeryTokenAsync(), []);
        Assert.NotNull((await PortalClient.ParseAsync(forced)).QuerySelector("[data-testid=wrong-email]"));

        await factory.WithDbAsync(async db =>
            Assert.False(await db.Memberships.AnyAsync(m => m.UserId == intruder.Id && m.OrganisationId == office.Id)));
        var refused = await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationRefused);
        Assert.Equal(2, refused.Count(e => e.ActorUserId == intruder.Id && e.Details!.Contains("\"wrong_email\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreatePortalClient().RegisterAsync(link)).StatusCode);
    }

    [Fact]
    public async Task A_link_works_only_once()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var invited = TestData.NewEmail("once");
        var link = await factory.InviteOneAsync(admin.Email!, office, invited);
        var late = factory.CreatePortalClient();
        var formOpenedBeforeUse = await late.GetPageAsync(link);

        var first = factory.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await first.RegisterAsync(link)).StatusCode);
        // The invitee, signed in now, posts the link's accept again: the claim itself refuses.
        var again = await first.PostFormAsync(link + "?handler=Join", await first.AntiforgeryTokenAsync(), []);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already used", (await PortalClient.ParseAsync(again)).QuerySelector(DeadLink)!.TextContent);
        var second = await late.SubmitAsync(formOpenedBeforeUse, RegisterForm, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Second Person",
            ["Input.NewPassword"] = "Another-Strong-Passphrase-77",
            ["Input.ConfirmPassword"] = "Another-Strong-Passphrase-77",
        });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already used", (await PortalClient.ParseAsync(second)).QuerySelector(DeadLink)!.TextContent);
        Assert.Contains("already used", (await factory.CreatePortalClient().GetPageAsync(link)).QuerySelector(DeadLink)!.TextContent);
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Users.CountAsync(u => u.Email == invited));
            Assert.Equal("New Colleague", await db.Users.Where(u => u.Email == invited).Select(u => u.DisplayName).SingleAsync());
            Assert.Equal(1, await db.Memberships.CountAsync(m => m.OrganisationId == office.Id && m.User!.Email == invited));
        });
        Assert.Equal(3, (await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationRefused))
            .Count(e => e.Details!.Contains("\"used\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Twenty_concurrent_accepts_of_one_link_make_exactly_one_membership()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var invited = TestData.NewEmail("race");
        var link = await factory.InviteOneAsync(admin.Email!, office, invited);
        var clients = Enumerable.Range(0, 20).Select(_ => factory.CreatePortalClient()).ToList();
        var forms = await Task.WhenAll(clients.Select(c => c.GetPageAsync(link)));

        var responses = await Task.WhenAll(clients.Select((client, i) => client.SubmitAsync(forms[i], RegisterForm, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = $"Racer {i}",
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            // Refused either as a used link or — when the winner's login already exists — by asking to log in first.
            var page = await PortalClient.ParseAsync(refused);
            Assert.True(page.QuerySelector(DeadLink) is not null || page.QuerySelector("[data-testid=login-to-accept]") is not null,
                PortalClient.Errors(page));
        }

        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Users.CountAsync(u => u.Email == invited));
            Assert.Equal(1, await db.Memberships.CountAsync(m => m.OrganisationId == office.Id && m.User!.Email == invited));
        });
        Assert.Single(await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationAccepted));
    }

    [Fact]
    public async Task A_link_expires_after_seven_days_by_default()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var colleague = await factory.Data.UserAsync();
        var link = await factory.InviteOneAsync(admin.Email!, office, colleague.Email!);
        var client = factory.CreatePortalClient();
        factory.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await client.LoginOkAsync(colleague.Email!);
        var stillOpen = await client.GetPageAsync(link);
        Assert.NotNull(stillOpen.QuerySelector("form[data-testid=join-form]"));

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await client.SubmitAsync(stillOpen, "form[data-testid=join-form]");

        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        var page = await PortalClient.ParseAsync(expired);
        Assert.Contains("has expired", page.QuerySelector(DeadLink)!.TextContent);
        Assert.Contains("Ask your organisation's administrator to send you a new invitation", page.QuerySelector(DeadLink)!.TextContent);
        Assert.Contains("has expired", (await factory.CreatePortalClient().GetPageAsync(link)).QuerySelector(DeadLink)!.TextContent);
        Assert.Contains(await factory.AuditEventsAsync(office.Id, AuditEventTypes.InvitationRefused),
            e => e.Details!.Contains("\"expired\"", StringComparison.Ordinal));
        await factory.WithDbAsync(async db =>
            Assert.False(await db.Memberships.AnyAsync(m => m.UserId == colleague.Id && m.OrganisationId == office.Id)));
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_the_reason_and_the_link_stays_usable()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var link = await factory.InviteOneAsync(admin.Email!, office, TestData.NewEmail("weak"));
        var client = factory.CreatePortalClient();

        var weak = await client.RegisterAsync(link, password: "password1234");

        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("too easy to guess", PortalClient.Errors(await PortalClient.ParseAsync(weak)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.RegisterAsync(link)).StatusCode);
    }

    [Fact]
    public async Task Only_the_hash_of_the_token_is_stored_and_the_token_is_never_logged()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var link = await factory.InviteOneAsync(admin.Email!, office, TestData.NewEmail("hash"));
        var token = link["/invite/".Length..];
        await factory.CreatePortalClient().RegisterAsync(link);

        Assert.Equal(32, Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Invitations.Where(i => i.OrganisationId == office.Id).Select(i => i.TokenHash).SingleAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))), stored);
        });
        foreach (var file in Directory.GetFiles(factory.LogDirectory))
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            Assert.DoesNotContain(token, await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }
    }
}
