using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class LoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SameFailureMessage = "The e-mail or password is incorrect";

    [Fact]
    public async Task Correct_password_signs_in_and_lands_on_home()
    {
        var (user, _) = await factory.Data.MemberOfNewOrganisationAsync(environmentSlugs: ["a", "b"]);
        var client = factory.CreatePortalClient();

        var response = await client.LoginAsync(user.Email!, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var home = await client.GetPageAsync("/");
        Assert.Equal(user.Email, home.QuerySelector("[data-testid=user-email]")!.TextContent);
        await AssertAuditedAsync(user.Id, AuditEventTypes.LoginSucceeded);
    }

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_login_with_a_return_url()
    {
        var client = factory.CreatePortalClient();

        var response = await client.GetAsync("/account/security");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://portal.test/login?ReturnUrl=%2Faccount%2Fsecurity", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_answer()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();

        var wrongPassword = await client.LoginAsync(user.Email!, "Not-The-Password-123");
        var unknownEmail = await client.LoginAsync(TestData.NewEmail("nobody"), "Not-The-Password-123");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEmail.StatusCode);
        var wrongText = PortalClient.Errors(await PortalClient.ParseAsync(wrongPassword));
        var unknownText = PortalClient.Errors(await PortalClient.ParseAsync(unknownEmail));
        Assert.Contains(SameFailureMessage, wrongText);
        Assert.Equal(wrongText, unknownText);
        Assert.DoesNotContain(wrongPassword.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("__Host-Portal=", StringComparison.Ordinal)));
        await AssertAuditedAsync(user.Id, AuditEventTypes.LoginFailed);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        for (var i = 0; i < 5; i++)
        {
            await client.LoginAsync(user.Email!, "Wrong-Password-Number-" + i);
        }

        var response = await client.LoginAsync(user.Email!, TestData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(SameFailureMessage, PortalClient.Errors(await PortalClient.ParseAsync(response)));
        await AssertAuditedAsync(user.Id, AuditEventTypes.LockedOut);

        // Identity's lockout reads the wall clock, so the test checks the lock's end instead of waiting for it.
        await factory.WithDbAsync(async db =>
        {
            var lockoutEnd = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync();
            Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
        });
    }

    [Fact]
    public async Task Remember_me_sets_a_14_day_cookie_otherwise_a_session_cookie()
    {
        var user = await factory.Data.UserAsync();

        var remembered = await factory.CreatePortalClient().LoginAsync(user.Email!, TestData.Password, rememberMe: true);
        var session = await factory.CreatePortalClient().LoginAsync(user.Email!, TestData.Password, rememberMe: false);

        var rememberedCookie = AuthCookie(remembered);
        var sessionCookie = AuthCookie(session);
        var expires = DateTimeOffset.Parse(
            rememberedCookie.Split(';').Single(p => p.Trim().StartsWith("expires=", StringComparison.OrdinalIgnoreCase)).Trim()[8..],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - factory.Clock.GetUtcNow(), TimeSpan.FromDays(13.9), TimeSpan.FromDays(14.1));
        Assert.DoesNotContain("expires=", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Logout_needs_a_post_and_ends_the_session_even_for_a_copied_cookie()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        var login = await client.LoginAsync(user.Email!, TestData.Password);
        var cookie = AuthCookie(login).Split(';')[0];

        var getLogout = await client.GetAsync("/logout");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/security")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, getLogout.StatusCode);

        var page = await client.GetPageAsync("/account/security");
        var logout = await client.SubmitAsync(page, "form[action='/logout']");
        Assert.Equal("/login", logout.Headers.Location!.OriginalString);

        // The cookie captured before logout no longer opens anything (ASVS V7.4.1).
        var replay = factory.CreateClient();
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        var replayed = await replay.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/login", replayed.Headers.Location!.ToString());
        await AssertAuditedAsync(user.Id, AuditEventTypes.Logout);
    }

    [Fact]
    public async Task Session_without_remember_me_ends_after_30_idle_minutes()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        var response = await client.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.ToString());
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-Portal=", StringComparison.Ordinal));

    private Task AssertAuditedAsync(Guid userId, string type) => factory.WithDbAsync(async db =>
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == type && (e.ActorUserId == userId || e.TargetUserId == userId)),
            $"No audit event {type} for the user"));
}
