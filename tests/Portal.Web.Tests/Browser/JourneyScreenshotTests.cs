using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Core.Invitations;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// Screenshots of every main journey at 1280 and 390 px in all four languages, saved as artefacts
/// in .data/screenshots/&lt;lang&gt;/&lt;width&gt;/&lt;page&gt;.png, each checked as a reviewer would
/// (<see cref="ShotReview"/>): no sideways scrolling, no internal code, no English left in Dutch,
/// French or German. An office admin with an authenticator app and a passkey signs in with password
/// and code and walks the environments, the switcher, the security pages and the office's
/// administration; a support agent opens the console. One browser context per language and person.
/// </summary>
public sealed class JourneyScreenshotTests(BrowserFactory factory, ITestOutputHelper output) : IClassFixture<BrowserFactory>
{
    private static readonly string[] Languages = ["en", "nl", "fr", "de"];

    /// <summary>The home page, and nothing below it.</summary>
    private static readonly Regex Home = new(@"^https?://[^/]+/$");

    /// <summary>Any page but the login steps: where a completed sign-in lands.</summary>
    private static readonly Regex NotOnLogin = new(@"^https?://[^/]+/(?!login)");

    private static readonly SemaphoreSlim Codes = new(1);

    [Fact]
    public async Task Every_journey_in_four_languages_at_desktop_and_phone_width_fits_and_shows_no_code_or_english()
    {
        var clock = Stopwatch.StartNew();
        var world = await SeedAsync();
        var review = new ShotReview(output.WriteLine);
        // The languages side by side, each with people of its own (an account keeps one language).
        await Task.WhenAll(Languages.Select(async language =>
        {
            await AdminWalkAsync(world, world.People[language], language, review);
            await SupportWalkAsync(world, world.People[language], language, review);
        }));

        output.WriteLine($"Walked {review.Shots} screenshots in {clock.Elapsed.TotalSeconds:F0} s");
        review.AssertClean();
    }

    /// <summary>The review finds what it looks for: a page with each defect it checks gets each one reported.</summary>
    [Fact]
    public async Task The_review_reports_overflow_codes_timestamps_enum_names_and_english_left()
    {
        var page = await factory.NewPageAsync(phone: true);
        await page.SetContentAsync(
            """
            <html lang="nl"><body>
              <p>Uitloggen</p><p>Log out</p><p>Backup codes left: 9 of 10.</p>
              <p data-label="When">2 dec 2026</p><p>mfa.authenticator_added</p><p>expiresAt: 2026-12-08T18:03:16</p>
              <p>reason: wrong_password</p><p>Onboarding</p><p>Kantoor Peeters — member</p><p>an_peeters@kantoor.test</p>
              <div id="wide" style="width: 500px">An Peeters</div>
              <form class="language-picker" style="width: 60px"><button>English</button><button>Nederlands</button></form>
            </body></html>
            """);
        var words = string.Join("\n", await ShotReview.ReviewWordsAsync(page, "nl"));
        var tooWide = await ShotReview.OverflowAsync(page);
        await page.Locator("#wide").EvaluateAsync("e => e.remove()");
        var wrapped = await ShotReview.OverflowAsync(page);
        await page.Context.CloseAsync();

        foreach (var expected in new[]
        {
            "English left: \"Log out\"", "English left: \"Backup codes left: 9 of 10.\"", "English left: \"When\"", "event code mfa.authenticator_added",
            "ISO timestamp 2026-12-08T18:03", "detail key expiresAt:", "internal name wrong_password", "enum name \"Onboarding\"", "role name member",
        })
        {
            Assert.Contains(expected, words, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Uitloggen", words, StringComparison.Ordinal);
        Assert.DoesNotContain("an_peeters", words, StringComparison.Ordinal);
        Assert.EndsWith("px wide in a 390 px window", tooWide, StringComparison.Ordinal);
        Assert.Equal("the language picker wraps over 2 lines", wrapped);
    }

    private async Task AdminWalkAsync(World world, People people, string language, ShotReview review)
    {
        var page = await SignInAsync(people.Admin.Email!, people.AdminSecret, language, review);
        var office = world.Office.Slug;
        await BrowserChecks.ArriveAtAsync(page, Home);
        await review.ShootAsync(page, language, "home");

        await page.GotoAsync($"/o/{office}/e/exact");
        await review.ShootAsync(page, language, "environment-clients");
        await page.Locator(".switcher summary").ClickAsync();
        await review.ShootAsync(page, language, "switcher");
        await page.Locator(".switcher summary").ClickAsync();
        await page.Locator(".user-menu summary").ClickAsync();
        await review.ShootAsync(page, language, "user-menu", 1280, 390, 320);

        foreach (var (name, url) in new[]
        {
            ("client-edit", $"/o/{office}/e/exact/clients/{world.ClientId}"),
            ("client-new", $"/o/{office}/e/exact/clients/new"),
            ("environment-yuki", $"/o/{office}/e/yuki"),
            ("security", "/account/security"),
            ("security-authenticator-add", "/account/security/authenticators/add"),
            ("security-backup-codes", "/account/security/backup-codes"),
            ("security-backup-email", "/account/security/backup-email"),
            ("security-passkey-add", "/account/security/passkeys/add"),
            ("security-passkey-rename", $"/account/security/passkeys/{System.Buffers.Text.Base64Url.EncodeToString(people.PasskeyId)}/rename"),
            ("security-two-factor-off", "/account/security/two-factor/off"),
            ("security-time-zone", "/account/security/time-zone"),
            ("security-sessions", "/account/security/sessions"),
            ("admin-users", $"/o/{office}/admin/users"),
            ("admin-invitations", $"/o/{office}/admin/users/invitations"),
            ("admin-old-usernames", $"/o/{office}/admin/users/legacy"),
            ("admin-settings", $"/o/{office}/admin/settings"),
            ("admin-audit", $"/o/{office}/admin/audit"),
        })
        {
            var response = await page.GotoAsync(url);
            Assert.True(response?.Ok == true, $"{url} answered {response?.Status} in {language}");
            await review.ShootAsync(page, language, name);
        }

        await page.Context.CloseAsync();
    }

    private async Task SupportWalkAsync(World world, People people, string language, ShotReview review)
    {
        var page = await SignInAsync(people.Agent.Email!, people.AgentSecret, language, review: null);
        await BrowserChecks.ArriveAtAsync(page, "**/support");
        await review.ShootAsync(page, language, "support-console");
        await page.GotoAsync($"/support/requests/{world.RequestId}");
        await review.ShootAsync(page, language, "support-request");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// A browser in English picks the language on /login (as a person would) and signs in with
    /// password and app code; with a review, the anonymous pages on the way are shot too.
    /// </summary>
    private async Task<IPage> SignInAsync(string email, byte[] secret, string language, ShotReview? review)
    {
        var context = await factory.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = factory.ServerUrl,
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        var pick = page.Locator($".language-picker button[value={language}]");
        if (await pick.GetAttributeAsync("aria-pressed") != "true")
        {
            await pick.ClickAsync();
            await page.Locator($"html[lang={language}]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }

        if (review is not null)
        {
            await review.ShootAsync(page, language, "login", 1280, 390, 320);
            await page.GotoAsync("/forgot-password");
            await review.ShootAsync(page, language, "forgot-password");
            await page.GotoAsync("/login");
        }

        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(TestData.Password);
        await page.Locator("input[name='Input.Password']").PressAsync("Enter");
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        if (review is not null)
        {
            await review.ShootAsync(page, language, "login-2fa");
            await page.GotoAsync("/login/recovery");
            await review.ShootAsync(page, language, "login-recovery");
            await page.GoBackAsync();
        }

        // One code at a time: the next walk's code moves the shared clock on by a step.
        await Codes.WaitAsync();
        try
        {
            await page.Locator("input[name='Input.Code']").FillAsync(factory.NextCode(secret));
            await page.Locator("input[name='Input.Code']").PressAsync("Enter");
            await BrowserChecks.ArriveAtAsync(page, NotOnLogin);
        }
        finally
        {
            Codes.Release();
        }

        return page;
    }

    /// <summary>
    /// The colleague mistypes the password and a code (events with reasons for the audit log), then,
    /// every second factor lost, asks support for help.
    /// </summary>
    private async Task<Guid> RecoveryRequestAsync(PortalUser person)
    {
        var page = await factory.NewPageAsync();
        await BrowserChecks.LogInAsync(page, person.Email!, "Not-the-password-1");
        await page.Locator(".validation-summary-errors, .field-validation-error").First.WaitForAsync();
        await BrowserChecks.LogInAsync(page, person.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        await page.Locator("input[name='Input.Code']").FillAsync("000000");
        await page.Locator("input[name='Input.Code']").PressAsync("Enter");
        await page.Locator(".validation-summary-errors, .field-validation-error").First.WaitForAsync();
        await page.GotoAsync("/login/recovery");
        await page.Locator("a[data-testid=lost-all-factors]").ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/login/recovery/request");
        await BrowserChecks.SendRecoveryRequestAsync(page, "Mijn telefoon is gestolen, met de back-upcodes erop.");
        await page.Context.CloseAsync();
        return await factory.RequestIdOfAsync(person);
    }

    private sealed record World(Organisation Office, Guid ClientId, Guid RequestId, IReadOnlyDictionary<string, People> People);

    /// <summary>Per language, an office admin with an app and a passkey, and a support agent with an app.</summary>
    private sealed record People(PortalUser Admin, byte[] AdminSecret, byte[] PasskeyId, PortalUser Agent, byte[] AgentSecret);

    /// <summary>
    /// An office with two environments whose admins are members of a second office too; a colleague
    /// with a long name and an old username moved to the e-mail login; an invitation; a recovery
    /// request waiting for support.
    /// </summary>
    private async Task<World> SeedAsync()
    {
        var office = await factory.Data.OrganisationAsync(null, "exact", "yuki");
        var other = await factory.Data.OrganisationAsync(null, "main");
        var people = new Dictionary<string, People>();
        foreach (var language in Languages)
        {
            people[language] = await PeopleAsync(office, other);
        }

        var colleague = await factory.Data.UserAsync(TestData.NewEmail("annemarie.vandenbroucke"), name: "Annemarie Vandenbroucke-De Wilde");
        await factory.Data.MemberAsync(colleague, office);
        await factory.EnrolAsync(colleague, "Pixel");
        await factory.Data.LegacyUsernameAsync(office, "Oud-wachtwoord-1", "exact", migratedTo: colleague);
        await factory.Data.LegacyUsernameAsync(office, "Oud-wachtwoord-2", "yuki");
        await factory.WithServicesAsync(async services =>
        {
            var admin = (await services.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(people["en"].Admin.Id.ToString()))!;
            var invite = await services.GetRequiredService<InvitationSending>()
                .InviteAsync(office.Id, TestData.NewEmail("nieuwe.collega"), OrganisationRole.Member, admin);
            Assert.Single(invite.Sent);
            return true;
        });

        var requestId = await RecoveryRequestAsync(colleague);
        var clientId = await factory.WithServicesAsync(services => services.GetRequiredService<PortalDbContext>().Clients
            .Where(c => c.Environment!.OrganisationId == office.Id && c.Environment.Slug == "exact").OrderBy(c => c.Name).Select(c => c.Id).FirstAsync());
        return new World(office, clientId, requestId, people);
    }

    private async Task<People> PeopleAsync(Organisation office, Organisation other)
    {
        var admin = await factory.Data.UserAsync(TestData.NewEmail("an.peeters"), name: "An Peeters");
        await factory.Data.MemberAsync(admin, office, OrganisationRole.Admin);
        await factory.Data.MemberAsync(admin, other);
        var adminApp = await factory.EnrolAsync(admin, "iPhone");
        var passkeyId = RandomNumberGenerator.GetBytes(32);
        await factory.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var passkey = new UserPasskeyInfo(
                passkeyId, RandomNumberGenerator.GetBytes(77), factory.Clock.GetUtcNow(), 0,
                ["internal"], isUserVerified: true, isBackupEligible: false, isBackedUp: false, attestationObject: [], clientDataJson: [])
            { Name = "Laptop" };
            Assert.True((await users.AddOrUpdatePasskeyAsync((await users.FindByIdAsync(admin.Id.ToString()))!, passkey)).Succeeded);
            return true;
        });
        var agent = await factory.Data.UserAsync(TestData.NewEmail("agent"), name: "Sam Support");
        await factory.MakeSupportAsync(agent.Email!);
        var agentApp = await factory.EnrolAsync(agent, "Support phone");
        return new People(admin, adminApp.Secret, passkeyId, agent, agentApp.Secret);
    }
}
