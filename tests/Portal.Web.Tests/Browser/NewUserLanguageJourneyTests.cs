using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// Tried as a new user would: a browser that asks for German, then English, opens /login of an
/// account that never signed in, picks "Nederlands", signs in with password and app code, and
/// every page it reaches — the audit log with the events of that sign-in included — is Dutch and
/// shows times in Europe/Brussels.
/// </summary>
public sealed class NewUserLanguageJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task New_user_picks_Dutch_on_the_login_page_and_every_page_after_sign_in_is_Dutch_with_Brussels_times()
    {
        var (user, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "main");
        var app = await factory.EnrolAsync(user);
        var context = await factory.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = factory.ServerUrl,
            Locale = "de-DE",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "de-DE,de;q=0.9,en;q=0.8" },
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();

        await page.GotoAsync("/login");
        Assert.Equal("de", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Nederlands" }).ClickAsync();
        await page.Locator("html[lang=nl]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await ReviewAsync(page, "1-login", problems);

        await page.Locator("input[name='Input.Email']").FillAsync(user.Email!);
        await page.Locator("input[name='Input.Password']").FillAsync(TestData.Password);
        await page.Locator("input[name='Input.Password']").PressAsync("Enter");
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        await ReviewAsync(page, "2-code", problems);
        await page.Locator("input[name='Input.Code']").FillAsync(factory.NextCode(app.Secret));
        await page.Locator("input[name='Input.Code']").PressAsync("Enter");
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");
        await ReviewAsync(page, "3-environment", problems);
        Assert.Equal("nl", await factory.WithServicesAsync(services => services.GetRequiredService<Portal.Core.Data.PortalDbContext>()
            .Users.Where(u => u.Id == user.Id).Select(u => u.PreferredLanguage).SingleAsync()));

        var pages = await PageCatalogue.BrowsableUrlsAsync(factory.Services, office.Slug);
        foreach (var url in pages.Where(u => u != "/logout"))
        {
            await page.GotoAsync(url);
            await ReviewAsync(page, url.Trim('/').Replace('/', '_'), problems);
        }

        await page.GotoAsync($"/o/{office.Slug}/admin/audit");
        var signIn = await factory.WithServicesAsync(services => services.GetRequiredService<Portal.Core.Data.PortalDbContext>().AuditEvents
            .Where(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.LoginSucceeded).OrderByDescending(e => e.OccurredAt).FirstAsync());
        var brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        var dutch = CultureInfo.GetCultureInfo("nl");
        var expected = LocalTime.DateAndTime(signIn.OccurredAt, brussels, dutch);
        var shown = await page.Locator($"[data-testid=event][data-id='{signIn.Id}'] time").InnerTextAsync();
        Assert.Equal(expected, shown);
        Assert.NotEqual(LocalTime.DateAndTime(signIn.OccurredAt, TimeZoneInfo.Utc, dutch), shown);
        await ReviewAsync(page, "audit", problems);

        Assert.True(pages.Count >= 10, $"Only {pages.Count} pages found");
        Assert.True(problems.Count == 0, "Not all Dutch:\n" + string.Join("\n", problems));
        await context.CloseAsync();
    }

    /// <summary>Dutch, no code and no English, and a screenshot in .data/screenshots/new-user-nl.</summary>
    private static async Task ReviewAsync(IPage page, string step, List<string> problems)
    {
        problems.AddRange((await ShotReview.ReviewWordsAsync(page, "nl")).Select(p => $"{new Uri(page.Url).PathAndQuery}: {p}"));
        await BrowserChecks.ScreenshotAsync(page, "new-user-nl", step);
    }
}
