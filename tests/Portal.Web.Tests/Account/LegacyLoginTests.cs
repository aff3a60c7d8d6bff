using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Legacy;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class LegacyLoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string OldPassword = "old-portal-pw-2017";
    private const string NewPassword = "Juniper-Canal-Sextant-64";
    private const string SameFailureMessage = "The e-mail or password is incorrect";

    [Fact]
    public async Task Old_username_moves_to_a_new_email_login_and_then_stops_working()
    {
        var office = await factory.Data.OrganisationAsync(null, "exact");
        var username = await LegacyAsync(office, "exact", OrganisationRole.Admin);
        var email = TestData.NewEmail("pieter");
        var client = factory.CreatePortalClient();

        var start = await LoginWithUsernameAsync(client, username);
        Assert.Contains(office.Name, start.QuerySelector("main")!.TextContent);
        var sent = await client.SubmitAsync(start, "main form", NewLoginFields(email));
        Assert.NotNull((await PortalClient.ParseAsync(sent)).QuerySelector("[data-testid=legacy-sent]"));
        var confirmPage = await client.GetPageAsync(await ConfirmLinkAsync(email));
        var landed = await client.SubmitAsync(confirmPage, "main form");

        Assert.Equal($"/o/{office.Slug}/e/exact", landed.Headers.Location!.OriginalString);
        var home = await client.GetPageAsync(landed.Headers.Location!.OriginalString);
        Assert.Equal(email, home.QuerySelector("[data-testid=user-email]")!.TextContent);
        Assert.NotNull(home.QuerySelector($"a[href='/o/{office.Slug}/admin/users']"));
        await factory.CreatePortalClient().LoginOkAsync(email, NewPassword);

        var again = await factory.CreatePortalClient().LoginAsync(username, OldPassword);
        Assert.Contains("This username was replaced by your e-mail login", PortalClient.Errors(await PortalClient.ParseAsync(again)));
        await factory.WithDbAsync(async db =>
        {
            var account = await db.LegacyAccounts.SingleAsync(a => a.Username == username);
            Assert.Equal(LegacyAccountStatus.Migrated, account.Status);
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.LegacyMigrationConfirmed && e.OrganisationId == office.Id));
        });
    }

    [Fact]
    public async Task A_second_old_username_links_to_the_same_login_after_signing_in_with_it()
    {
        var first = await factory.Data.OrganisationAsync(null, "exact");
        var second = await factory.Data.OrganisationAsync(null, "twinfield");
        var existing = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(existing, first);
        var username = await LegacyAsync(second, "twinfield", OrganisationRole.Member);
        var client = factory.CreatePortalClient();

        var start = await LoginWithUsernameAsync(client, username);
        await client.SubmitAsync(start, "main form", NewLoginFields(existing.Email!));
        var link = await ConfirmLinkAsync(existing.Email!);

        // Not signed in: the link asks for the existing login first, and changes nothing yet.
        var asksToSignIn = await client.GetPageAsync(link);
        Assert.NotNull(asksToSignIn.QuerySelector("[data-testid=sign-in-to-link]"));
        Assert.Empty(asksToSignIn.QuerySelectorAll("main form"));

        var signedIn = await client.LoginAsync(existing.Email!, TestData.Password, returnUrl: link);
        Assert.Equal(link, signedIn.Headers.Location!.OriginalString);
        var linked = await client.SubmitAsync(await client.GetPageAsync(link), "main form");
        Assert.Equal($"/o/{second.Slug}/e/twinfield", linked.Headers.Location!.OriginalString);

        var page = await client.GetPageAsync($"/o/{second.Slug}/e/twinfield");
        var groups = page.QuerySelectorAll(".switcher .menu-group-title").Select(t => t.TextContent).ToList();
        Assert.Contains(first.Name, groups);
        Assert.Contains(second.Name, groups);
        // The existing login keeps its own password.
        await factory.CreatePortalClient().LoginOkAsync(existing.Email!, TestData.Password);
    }

    [Fact]
    public async Task Admins_see_their_offices_old_usernames_and_whether_each_has_moved()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "exact");
        var moved = await LegacyAsync(office, "exact", OrganisationRole.Member);
        var waiting = await LegacyAsync(office, "exact", OrganisationRole.Admin);
        var elsewhere = await LegacyAsync(await factory.Data.OrganisationAsync(null, "exact"), "exact", OrganisationRole.Member);
        var person = factory.CreatePortalClient();
        var email = TestData.NewEmail("moved");
        await person.SubmitAsync(await LoginWithUsernameAsync(person, moved), "main form", NewLoginFields(email));
        await person.SubmitAsync(await person.GetPageAsync(await ConfirmLinkAsync(email)), "main form");
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var page = await client.GetPageAsync($"/o/{office.Slug}/admin/users/legacy");

        var rows = page.QuerySelectorAll("[data-testid=legacy-accounts] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains(moved, StringComparison.Ordinal) && r.Contains("Moved to " + email, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(waiting, StringComparison.Ordinal) && r.Contains("Not moved yet", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(elsewhere, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_old_password_and_unknown_username_fail_like_a_wrong_email_login()
    {
        var office = await factory.Data.OrganisationAsync(null, "exact");
        var username = await LegacyAsync(office, "exact", OrganisationRole.Member);
        var client = factory.CreatePortalClient();

        var wrong = PortalClient.Errors(await PortalClient.ParseAsync(await client.LoginAsync(username, "not-the-old-one")));
        var unknown = PortalClient.Errors(await PortalClient.ParseAsync(await client.LoginAsync("nobody.here", "not-the-old-one")));
        var wrongEmail = PortalClient.Errors(await PortalClient.ParseAsync(await client.LoginAsync(TestData.NewEmail(), "not-the-old-one")));

        Assert.Contains(SameFailureMessage, wrong);
        Assert.Equal(wrongEmail, wrong);
        Assert.Equal(wrongEmail, unknown);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/login/legacy")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_old_passwords_lock_the_username()
    {
        var office = await factory.Data.OrganisationAsync(null, "exact");
        var username = await LegacyAsync(office, "exact", OrganisationRole.Member);
        var client = factory.CreatePortalClient();
        for (var i = 0; i < 5; i++)
        {
            await client.LoginAsync(username, "guess-" + i);
        }

        var right = await client.LoginAsync(username, OldPassword);

        Assert.Contains(SameFailureMessage, PortalClient.Errors(await PortalClient.ParseAsync(right)));
        factory.Clock.Advance(LegacyLogin.LockoutDuration + TimeSpan.FromMinutes(1));
        Assert.Equal("/login/legacy", (await client.LoginAsync(username, OldPassword)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_confirmation_link_works_once_and_expires_after_24_hours()
    {
        var office = await factory.Data.OrganisationAsync(null, "exact");
        var username = await LegacyAsync(office, "exact", OrganisationRole.Member);
        var other = await LegacyAsync(office, "exact", OrganisationRole.Member);
        var client = factory.CreatePortalClient();
        var email = TestData.NewEmail();
        await client.SubmitAsync(await LoginWithUsernameAsync(client, username), "main form", NewLoginFields(email));
        var link = await ConfirmLinkAsync(email);
        var form = await client.GetPageAsync(link);
        await client.SubmitAsync(form, "main form");

        var second = await factory.CreatePortalClient().GetPageAsync(link);
        Assert.NotNull(second.QuerySelector("[data-testid=link-invalid]"));

        var late = factory.CreatePortalClient();
        var lateEmail = TestData.NewEmail();
        await late.SubmitAsync(await LoginWithUsernameAsync(late, other), "main form", NewLoginFields(lateEmail));
        var lateLink = await ConfirmLinkAsync(lateEmail);
        factory.Clock.Advance(TimeSpan.FromHours(25));
        Assert.NotNull((await late.GetPageAsync(lateLink)).QuerySelector("[data-testid=link-invalid]"));
    }

    private static Dictionary<string, string> NewLoginFields(string email) => new()
    {
        ["Input.Email"] = email,
        ["Input.DisplayName"] = "Pieter Jansen",
        ["Input.NewPassword"] = NewPassword,
        ["Input.ConfirmPassword"] = NewPassword,
    };

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> LoginWithUsernameAsync(PortalClient client, string username)
    {
        var response = await client.LoginAsync(username, OldPassword);
        Assert.True(response.Headers.Location?.OriginalString == "/login/legacy", await PortalClient.ErrorsAsync(response));
        return await client.GetPageAsync("/login/legacy");
    }

    private async Task<string> ConfirmLinkAsync(string email) =>
        Mailbox.LinkIn(await factory.Mailbox.WaitForAsync(email, "Confirm your new Portal login"), "/login/legacy/confirm/");

    /// <summary>An old username with an Identity v2 hash (what the old portal stored).</summary>
    private Task<string> LegacyAsync(Organisation organisation, string environmentSlug, OrganisationRole role) =>
        factory.Data.LegacyUsernameAsync(organisation, OldPassword, environmentSlug, role);
}
