using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>Journey 5 in a real browser: the office requires 2FA; the countdown, the block after it, enrolment, and in again.</summary>
public sealed class EnforcedMfaJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task Accountant_sees_the_countdown_is_blocked_after_it_enrols_and_gets_in()
    {
        var (user, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact", "yuki");
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            (stored.RequireMfa, stored.MfaGraceDays, stored.MfaRequiredSince) = (true, 7, factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        var page = await factory.NewPageAsync();
        await LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/");
        await page.GotoAsync($"/o/{office.Slug}/e/exact");
        Assert.Contains("7 days left", await page.Locator("[data-testid=mfa-countdown]").TextContentAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "5-enforced-mfa", "1-countdown");

        // A week later: the grace period is over.
        factory.Clock.Advance(TimeSpan.FromDays(7));
        await LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/required");
        Assert.Contains(office.Name, await page.Locator("[data-testid=requiring-organisations]").TextContentAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "5-enforced-mfa", "2-required");

        await page.GotoAsync($"/o/{office.Slug}/e/exact");
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/required?org=*");

        await page.GetByRole(AriaRole.Link, new() { Name = "Set up now" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/authenticators/add?returnUrl=*");
        var secret = Totp.FromBase32((await page.Locator("[data-testid=authenticator-key]").TextContentAsync())!);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("iPhone");
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(secret, factory.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the app" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/backup-codes/new?returnUrl=*");
        Assert.Equal(10, await page.Locator("[data-testid=backup-codes] code").CountAsync());
        await BrowserChecks.ScreenshotAsync(page, "5-enforced-mfa", "3-backup-codes");

        // Codes saved: straight back into the office that blocked them.
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved my codes" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, $"**/o/{office.Slug}/e/*");
        await page.GotoAsync($"/o/{office.Slug}/e/exact");
        await BrowserChecks.ArriveAtAsync(page, $"**/o/{office.Slug}/e/exact");
        Assert.Equal(0, await page.Locator("[data-testid=mfa-countdown]").CountAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "5-enforced-mfa", "4-in");
    }

    private static async Task LogInAsync(IPage page, string email)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }
}
