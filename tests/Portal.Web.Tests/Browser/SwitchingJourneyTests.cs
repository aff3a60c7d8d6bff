using Microsoft.Playwright;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>Journey 1 in a real browser: log in, switch organisation and environment.</summary>
public sealed class SwitchingJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task Accountant_logs_in_and_switches_between_offices_and_environments()
    {
        var user = await factory.Data.UserAsync(name: "Lotte Janssens");
        var office = await factory.Data.OrganisationAsync(null, "exact", "yuki");
        var group = await factory.Data.OrganisationAsync(null, "twinfield");
        await factory.Data.MemberAsync(user, office, OrganisationRole.Admin);
        await factory.Data.MemberAsync(user, group);
        var page = await factory.NewPageAsync();

        await page.GotoAsync("/");
        Assert.EndsWith("/login?ReturnUrl=%2F", page.Url);
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "1-switching", "1-login");
        await page.GetByLabel("E-mail").FillAsync(user.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();

        await BrowserChecks.ArriveAtAsync(page, "**/");
        Assert.Equal(2, await page.Locator("[data-testid=organisation]").CountAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "1-switching", "2-home");

        await page.GetByRole(AriaRole.Link, new() { Name = "Env yuki" }).First.ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, $"**/o/{office.Slug}/e/yuki");
        Assert.Equal($"{office.Name} · Env yuki", await page.Locator("[data-testid=current-context]").TextContentAsync());
        await BrowserChecks.AssertAccessibleAsync(page);

        // The switcher: open the Environments menu and pick the other office.
        await page.Locator(".switcher summary").ClickAsync();
        await BrowserChecks.ScreenshotAsync(page, "1-switching", "3-switcher-open");
        await BrowserChecks.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Env twinfield" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, $"**/o/{group.Slug}/e/twinfield");
        Assert.Equal($"{group.Name} · Env twinfield", await page.Locator("[data-testid=current-context]").TextContentAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).CountAsync());
        await BrowserChecks.ScreenshotAsync(page, "1-switching", "4-other-office");

        // Back to the first office, where this person is an admin, and search its clients.
        await page.Locator(".switcher summary").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Env exact" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, $"**/o/{office.Slug}/e/exact");
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).CountAsync());
        await page.GetByLabel("Search clients by name or VAT/company number").FillAsync("Client 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=clients] tbody tr")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        Assert.Contains("q=Client", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_work_at_phone_width()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "exact", "yuki");
        var page = await factory.NewPageAsync(phone: true);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/");
        await page.GotoAsync($"/o/{organisation.Slug}/e/exact");

        // Nothing wider than the phone: no sideways scrolling.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone");
        await page.Locator(".switcher summary").ClickAsync();
        Assert.True(await page.GetByRole(AriaRole.Menuitem, new() { Name = "Env yuki" }).IsVisibleAsync());
        await BrowserChecks.ScreenshotAsync(page, "1-switching", "5-phone");
        await BrowserChecks.AssertAccessibleAsync(page);
    }
}
