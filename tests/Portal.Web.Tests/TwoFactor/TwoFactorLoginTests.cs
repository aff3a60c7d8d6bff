using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>/login/2fa: the code after the password, replay protection, lockout and "remember this device".</summary>
public sealed class TwoFactorLoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string DeviceCookie = "__Host-Portal-Device=";

    [Fact]
    public async Task Password_alone_does_not_sign_in_then_the_code_does()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();

        var page = await client.LoginToSecondStepAsync(user.Email!);
        Assert.False(await client.IsSignedInAsync());
        Assert.Contains("most recent code", page.QuerySelector("main")!.TextContent);
        Assert.Equal("one-time-code", page.QuerySelector("input[name='Input.Code']")!.GetAttribute("autocomplete"));
        Assert.Contains(user.Email!, page.QuerySelector("[data-testid=signing-in-as]")!.TextContent);
        Assert.Equal("/login", page.QuerySelector("[data-testid=back-to-login]")!.GetAttribute("href"));
        var response = await client.SubmitCodeAsync(page, factory.NextCode(enrolled.Secret));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.True(await client.IsSignedInAsync());
        await factory.WithDbAsync(async db =>
        {
            var details = await db.AuditEvents.Where(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.LoginSucceeded).Select(e => e.Details).ToListAsync();
            Assert.Contains(details, d => d!.Contains(TwoFactorLogin.AuthenticatorMethod, StringComparison.Ordinal));
            Assert.NotNull(await db.Authenticators.Where(a => a.UserId == user.Id).Select(a => a.LastUsedAt).SingleAsync());
        });
    }

    [Fact]
    public async Task Return_url_and_remember_me_survive_the_second_step()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();

        var page = await client.LoginToSecondStepAsync(user.Email!, rememberMe: true, returnUrl: "/account/security");
        var response = await client.SubmitCodeAsync(page, factory.NextCode(enrolled.Secret));

        Assert.Equal("/account/security", response.Headers.Location!.OriginalString);
        var authCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-Portal=", StringComparison.Ordinal));
        Assert.Contains("expires=", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Code_page_without_a_password_step_sends_to_login()
    {
        var response = await factory.CreatePortalClient().GetAsync("/login/2fa");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?returnUrl=", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Wrong_code_is_refused_and_counts_as_a_failed_attempt()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);

        var response = await client.SubmitCodeAsync(page, TwoFactorSteps.WrongCode(enrolled.Secret, factory.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This code is not correct", PortalClient.Errors(await PortalClient.ParseAsync(response)));
        Assert.False(await client.IsSignedInAsync());
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Users.Where(u => u.Id == user.Id).Select(u => u.AccessFailedCount).SingleAsync());
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.SecondFactorFailed));
        });
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task Code_of_the_step_before_or_after_is_accepted(int steps)
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);

        var code = Totp.Code(enrolled.Secret, factory.Clock.GetUtcNow().AddSeconds(steps * Totp.StepSeconds));
        var response = await client.SubmitCodeAsync(page, code);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await client.IsSignedInAsync());
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public async Task Code_two_steps_away_is_refused(int steps)
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);

        var code = Totp.Code(enrolled.Secret, factory.Clock.GetUtcNow().AddSeconds(steps * Totp.StepSeconds));
        Assert.DoesNotContain(code, Enumerable.Range(-1, 3).Select(i => Totp.Code(enrolled.Secret, factory.Clock.GetUtcNow().AddSeconds(i * 30))));
        var response = await client.SubmitCodeAsync(page, code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task The_same_code_is_refused_the_second_time_and_the_replay_is_audited()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var code = factory.NextCode(enrolled.Secret);
        var first = factory.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitCodeAsync(await first.LoginToSecondStepAsync(user.Email!), code)).StatusCode);

        // Seen over a shoulder and typed again within the same 30 seconds.
        var second = factory.CreatePortalClient();
        var response = await second.SubmitCodeAsync(await second.LoginToSecondStepAsync(user.Email!), code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await second.IsSignedInAsync());
        // Said as it is: the code was right but spent; the person waits for the next one.
        Assert.Contains("This code was already used. Wait for the next code", PortalClient.Errors(await PortalClient.ParseAsync(response)));
        await factory.WithDbAsync(async db =>
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.TotpReplayed)));
    }

    [Fact]
    public async Task Ten_requests_racing_with_the_same_code_sign_in_exactly_once()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var clients = Enumerable.Range(0, 10).Select(_ => factory.CreatePortalClient()).ToList();
        var pages = new List<AngleSharp.Html.Dom.IHtmlDocument>();
        foreach (var client in clients)
        {
            pages.Add(await client.LoginToSecondStepAsync(user.Email!));
        }

        var code = factory.NextCode(enrolled.Secret);
        var responses = await Task.WhenAll(clients.Select((client, i) => client.SubmitCodeAsync(pages[i], code)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Half_done_login_expires_after_5_minutes()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);

        factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var response = await client.SubmitCodeAsync(page, Totp.Code(enrolled.Secret, factory.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString);
        var login = await client.FollowAsync(response);
        Assert.Contains("log in again", login.QuerySelector("[role=status]")!.TextContent);
        Assert.False(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task Half_done_login_dies_when_the_password_is_reset_meanwhile()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);

        // The owner resets the password (new security stamp) while someone else holds a half-done login.
        await factory.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Accounts.PortalUser>>();
            return await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        });
        var response = await client.SubmitCodeAsync(page, factory.NextCode(enrolled.Secret));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString);
        Assert.False(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_even_against_the_right_code_and_password()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.SubmitCodeAsync(page, TwoFactorSteps.WrongCode(enrolled.Secret, factory.Clock.GetUtcNow()));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var again = factory.CreatePortalClient();
        var passwordOnly = await again.LoginAsync(user.Email!, TestData.Password);
        Assert.Equal(HttpStatusCode.OK, passwordOnly.StatusCode);
        Assert.Contains("locked", PortalClient.Errors(await PortalClient.ParseAsync(passwordOnly)));
        await factory.WithDbAsync(async db =>
        {
            var lockoutEnd = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync();
            Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.LockedOut));
        });
    }

    [Fact]
    public async Task Right_code_is_refused_while_the_account_is_locked()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);
        // Someone else, who also knows the password, guesses codes meanwhile.
        var attacker = factory.CreatePortalClient();
        var attackerPage = await attacker.LoginToSecondStepAsync(user.Email!);
        for (var i = 0; i < 5; i++)
        {
            await attacker.SubmitCodeAsync(attackerPage, TwoFactorSteps.WrongCode(enrolled.Secret, factory.Clock.GetUtcNow()));
        }

        var response = await client.SubmitCodeAsync(page, factory.NextCode(enrolled.Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", PortalClient.Errors(await PortalClient.ParseAsync(response)));
        Assert.False(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task Wrong_codes_sent_in_parallel_all_count_towards_the_lockout()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var clients = Enumerable.Range(0, 5).Select(_ => factory.CreatePortalClient()).ToList();
        var pages = new List<AngleSharp.Html.Dom.IHtmlDocument>();
        foreach (var client in clients)
        {
            pages.Add(await client.LoginToSecondStepAsync(user.Email!));
        }

        var wrong = TwoFactorSteps.WrongCode(enrolled.Secret, factory.Clock.GetUtcNow());
        await Task.WhenAll(clients.Select((client, i) => client.SubmitCodeAsync(pages[i], wrong)));

        await factory.WithDbAsync(async db =>
            Assert.NotNull(await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task Wrong_passwords_and_wrong_codes_count_towards_one_lockout()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        for (var i = 0; i < 3; i++)
        {
            await client.LoginAsync(user.Email!, "Wrong-Password-Number-" + i);
        }

        // The right password does not wipe the count while the second factor is still to come.
        var page = await client.LoginToSecondStepAsync(user.Email!);
        await client.SubmitCodeAsync(page, TwoFactorSteps.WrongCode(enrolled.Secret, factory.Clock.GetUtcNow()));
        var last = await client.SubmitCodeAsync(page, TwoFactorSteps.WrongCode(enrolled.Secret, factory.Clock.GetUtcNow()));

        Assert.Contains("locked", PortalClient.Errors(await PortalClient.ParseAsync(last)));
        await factory.WithDbAsync(async db =>
            Assert.NotNull(await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task Remembered_device_skips_the_code_until_the_password_changes()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);
        var response = await client.SubmitCodeAsync(page, factory.NextCode(enrolled.Secret), rememberDevice: true);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await LogOutAsync(client);

        var remembered = await client.LoginAsync(user.Email!, TestData.Password);
        Assert.Equal("/", remembered.Headers.Location!.OriginalString);
        Assert.True(await client.IsSignedInAsync());

        // Changing the password (here, from this very session) forgets every remembered device.
        var security = await client.GetPageAsync("/account/security");
        var change = await client.SubmitAsync(security, "form[action*='handler=ChangePassword']", new Dictionary<string, string>
        {
            ["Password.CurrentPassword"] = TestData.Password,
            ["Password.NewPassword"] = "Granite-Meadow-Compass-38",
            ["Password.ConfirmPassword"] = "Granite-Meadow-Compass-38",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        await LogOutAsync(client);

        await client.LoginToSecondStepAsync(user.Email!, password: "Granite-Meadow-Compass-38");
        Assert.False(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task Remembered_device_cookie_is_host_only_secure_http_only_and_lasts_30_days()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);

        var response = await client.SubmitCodeAsync(page, factory.NextCode(enrolled.Secret), rememberDevice: true);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(DeviceCookie, StringComparison.Ordinal));
        var parts = cookie.Split(';').Select(p => p.Trim()).ToList();
        Assert.Contains("secure", parts, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("httponly", parts, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/", parts, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(parts, p => p.StartsWith("domain=", StringComparison.OrdinalIgnoreCase));
        var expires = DateTimeOffset.Parse(parts.Single(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))[8..], CultureInfo.InvariantCulture);
        Assert.InRange(expires - factory.Clock.GetUtcNow(), TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));
    }

    [Fact]
    public async Task Without_remember_device_the_next_login_asks_for_a_code_again()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        await LogOutAsync(client);

        await client.LoginToSecondStepAsync(user.Email!);
    }

    [Fact]
    public async Task Device_remembered_for_one_person_does_not_skip_the_code_of_another()
    {
        var first = await factory.Data.UserAsync();
        var second = await factory.Data.UserAsync();
        var firstEnrolled = await factory.EnrolAsync(first);
        await factory.EnrolAsync(second);
        var sharedBrowser = factory.CreatePortalClient();
        var page = await sharedBrowser.LoginToSecondStepAsync(first.Email!);
        await sharedBrowser.SubmitCodeAsync(page, factory.NextCode(firstEnrolled.Secret), rememberDevice: true);
        await LogOutAsync(sharedBrowser);

        await sharedBrowser.LoginToSecondStepAsync(second.Email!);
        Assert.False(await sharedBrowser.IsSignedInAsync());
    }

    private static async Task LogOutAsync(PortalClient client)
    {
        var page = await client.GetPageAsync("/account/security");
        await client.SubmitAsync(page, "form[action='/logout']");
    }
}
