using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// Two instances on one database behind nginx: nothing that must be shared lives in one process
/// (Data Protection keys, sessions, single-use guards are all in PostgreSQL).
/// </summary>
public sealed class ScaleOutTests(PortalCluster cluster) : ScaleOutChecks(cluster), IClassFixture<PortalCluster>;

/// <summary>
/// The same, with PgBouncer 1.18 in transaction pooling mode between the instances and PostgreSQL
/// (no prepared statements through it; LISTEN over the direct connection).
/// </summary>
public sealed class ScaleOutThroughPgBouncerTests(PgBouncerCluster cluster) : ScaleOutChecks(cluster), IClassFixture<PgBouncerCluster>;

/// <summary>The two-instance checks, run once per way of reaching PostgreSQL.</summary>
public abstract class ScaleOutChecks(PortalCluster cluster)
{
    [Fact]
    public async Task Sign_in_through_one_instance_and_carry_on_through_the_other_and_the_proxy()
    {
        var email = await CreateUserAsync();
        var cookies = new CookieContainer();
        var onA = Client(cluster.InstanceA, cookies);
        var onB = Client(cluster.InstanceB, cookies);
        var throughProxy = Client(cluster.Proxy, cookies);

        await onA.LoginOkAsync(email);

        // B decrypts A's cookie with the key ring both read from PostgreSQL, and knows the session.
        var page = await onB.GetPageAsync("/account/security");
        Assert.Equal(email, page.QuerySelector("[data-testid=user-email]")!.TextContent);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await throughProxy.GetAsync("/account/security")).StatusCode);
        }

        // A form served by one instance is accepted by the other (antiforgery keys are shared too).
        var form = await onA.GetPageAsync("/account/security");
        var change = await onB.SubmitAsync(form, "form[action*='handler=ChangePassword']", new Dictionary<string, string>
        {
            ["Password.CurrentPassword"] = TestData.Password,
            ["Password.NewPassword"] = "Copper-Harbour-Lantern-17",
            ["Password.ConfirmPassword"] = "Copper-Harbour-Lantern-17",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
    }

    [Fact]
    public async Task Logout_on_one_instance_ends_the_session_on_the_other_at_once()
    {
        var email = await CreateUserAsync();
        var cookies = new CookieContainer();
        var onA = Client(cluster.InstanceA, cookies);
        var onB = Client(cluster.InstanceB, cookies);
        await onA.LoginOkAsync(email);
        var captured = cookies.GetCookies(new Uri(cluster.InstanceA));
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/account/security")).StatusCode);

        var page = await onA.GetPageAsync("/account/security");
        await onA.SubmitAsync(page, "form[action='/logout']");

        // B had the session in its cache; the revocation reached it through PostgreSQL NOTIFY.
        var replay = new CookieContainer();
        replay.Add(captured);
        var replayOnB = Client(cluster.InstanceB, replay);
        var deadline = DateTime.UtcNow.AddSeconds(2);
        HttpResponseMessage response;
        do
        {
            response = await replayOnB.GetAsync("/account/security");
        }
        while (response.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_code_accepted_on_one_instance_is_refused_on_the_other()
    {
        var email = await CreateUserAsync();
        var (secret, _) = await EnrolOnAAsync(email);
        var onA = Client(cluster.InstanceA, new CookieContainer());
        var onB = Client(cluster.InstanceB, new CookieContainer());
        var pageA = await SecondStepAsync(onA, email);
        var pageB = await SecondStepAsync(onB, email);

        // The code of the step after the one enrolment used (a step is never accepted twice).
        var code = Totp.Code(secret, DateTimeOffset.UtcNow.AddSeconds(Totp.StepSeconds));
        var first = await onA.SubmitAsync(pageA, "main form", new Dictionary<string, string> { ["Input.Code"] = code });
        var replay = await onB.SubmitAsync(pageB, "main form", new Dictionary<string, string> { ["Input.Code"] = code });

        Assert.True(PortalClient.IsRedirect(first.StatusCode), await PortalClient.ErrorsAsync(first));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.False(await SignedInAsync(onB));
    }

    [Fact]
    public async Task Twenty_concurrent_uses_of_one_backup_code_over_both_instances_sign_in_once()
    {
        var email = await CreateUserAsync();
        var (_, backupCodes) = await EnrolOnAAsync(email);
        var attempts = new List<(PortalClient Client, AngleSharp.Html.Dom.IHtmlDocument Page)>();
        for (var i = 0; i < 20; i++)
        {
            var client = Client(i % 2 == 0 ? cluster.InstanceA : cluster.InstanceB, new CookieContainer());
            await SecondStepAsync(client, email);
            attempts.Add((client, await client.GetPageAsync("/login/recovery")));
        }

        var responses = await Task.WhenAll(attempts.Select(a =>
            a.Client.SubmitAsync(a.Page, "form[action*='handler=BackupCode']", new Dictionary<string, string> { ["BackupCode.Code"] = backupCodes[0] })));

        Assert.Equal(1, responses.Count(r => PortalClient.IsRedirect(r.StatusCode) && !r.Headers.Location!.OriginalString.StartsWith("/login", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task One_invitation_accepted_concurrently_on_both_instances_makes_one_membership()
    {
        var adminEmail = await CreateUserAsync();
        var slug = await CreateOrganisationAsync(adminEmail);
        var admin = Client(cluster.InstanceA, new CookieContainer());
        await admin.LoginOkAsync(adminEmail);
        var invitee = TestData.NewEmail("invitee");
        var users = await admin.GetPageAsync($"/o/{slug}/admin/users");
        await admin.SubmitAsync(users, "form[data-testid=invite-form]", new Dictionary<string, string> { ["Invite.Emails"] = invitee });
        var link = new Uri((await cluster.Mailbox.WaitForAsync(invitee, "invited")).Links().First(l => l.Contains("/invite/", StringComparison.Ordinal))).PathAndQuery;

        var forms = new List<(PortalClient Client, AngleSharp.Html.Dom.IHtmlDocument Page)>();
        for (var i = 0; i < 10; i++)
        {
            var client = Client(i % 2 == 0 ? cluster.InstanceA : cluster.InstanceB, new CookieContainer());
            forms.Add((client, await client.GetPageAsync(link)));
        }

        await Task.WhenAll(forms.Select(f => f.Client.SubmitAsync(f.Page, "form[data-testid=register-form]", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Racing Colleague",
            ["Input.NewPassword"] = "Saffron-Lighthouse-Quill-72",
            ["Input.ConfirmPassword"] = "Saffron-Lighthouse-Quill-72",
        })));

        await using var db = Database();
        Assert.Equal(1, await db.Memberships.CountAsync(m => m.Organisation!.Slug == slug && m.User!.Email == invitee));
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == invitee));
    }

    /// <summary>Enrols an authenticator through instance A's real pages, with real time.</summary>
    private async Task<(byte[] Secret, IReadOnlyList<string> BackupCodes)> EnrolOnAAsync(string email)
    {
        var client = Client(cluster.InstanceA, new CookieContainer());
        await client.LoginOkAsync(email);
        var page = await client.GetPageAsync("/account/security/authenticators/add");
        var secret = Totp.FromBase32(page.QuerySelector("[data-testid=authenticator-key]")!.TextContent);
        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Phone",
            ["Input.Code"] = Totp.Code(secret, DateTimeOffset.UtcNow),
        });
        var shown = await client.FollowAsync(response);
        return (secret, shown.QuerySelectorAll("[data-testid=backup-codes] code").Select(c => c.TextContent).ToList());
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> SecondStepAsync(PortalClient client, string email)
    {
        var response = await client.LoginAsync(email, TestData.Password);
        Assert.StartsWith("/login/2fa", response.Headers.Location!.OriginalString);
        return await client.FollowAsync(response);
    }

    private static async Task<bool> SignedInAsync(PortalClient client) =>
        (await client.GetAsync("/account/security")).StatusCode == HttpStatusCode.OK;

    private PortalDbContext Database() =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(TestDatabase.ConnectionString(cluster.Database)).Options);

    private async Task<string> CreateOrganisationAsync(string adminEmail)
    {
        await using var db = Database();
        var admin = await db.Users.SingleAsync(u => u.Email == adminEmail);
        var organisation = new Organisation { Slug = "cluster-" + Guid.NewGuid().ToString("N")[..8], Name = "Cluster Office", CreatedAt = DateTimeOffset.UtcNow };
        organisation.Environments.Add(new OrganisationEnvironment { Slug = "main", Name = "Main", Software = "Yuki" });
        db.Organisations.Add(organisation);
        db.Memberships.Add(new Membership { UserId = admin.Id, Organisation = organisation, Role = OrganisationRole.Admin, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return organisation.Slug;
    }

    private static PortalClient Client(string baseUrl, CookieContainer cookies)
    {
        var http = PortalCluster.Client(cookies);
        http.BaseAddress = new Uri(baseUrl);
        return new PortalClient(http);
    }

    /// <summary>Writes a user straight into the cluster's database, hashed as the portal hashes.</summary>
    private async Task<string> CreateUserAsync()
    {
        var email = TestData.NewEmail("cluster");
        await using var db = Database();
        var user = TestData.UserRow(email, "Cluster Person", DateTimeOffset.UtcNow, TestData.Password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return email;
    }
}
