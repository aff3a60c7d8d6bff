using Microsoft.Playwright;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>Journey 2 in a real browser: an admin invites a colleague, who accepts from the e-mail and sets a password.</summary>
public sealed class InvitationJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task Admin_invites_a_colleague_who_accepts_from_the_email_and_lands_in_the_office()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "exact", "yuki");
        var colleague = TestData.NewEmail("colleague");
        var adminPage = await factory.NewPageAsync();
        await BrowserChecks.LogInAsync(adminPage, admin.Email!);
        await BrowserChecks.ArriveAtAsync(adminPage, "**/");
        await adminPage.GotoAsync($"/o/{office.Slug}/e/exact");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(adminPage, $"**/o/{office.Slug}/admin/users");
        await BrowserChecks.AssertAccessibleAsync(adminPage);
        await BrowserChecks.ScreenshotAsync(adminPage, "2-invitation", "1-users");

        await adminPage.GetByLabel("E-mail addresses").FillAsync(colleague);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Send invitations" }).ClickAsync();
        await Assertions.Expect(adminPage.Locator("[data-testid=pending]")).ToContainTextAsync(colleague, new() { Timeout = 30_000 });
        await BrowserChecks.ScreenshotAsync(adminPage, "2-invitation", "2-invited");

        var mail = await factory.Mailbox.WaitForAsync(colleague, "invited");
        var link = mail.Links().First(l => l.Contains("/invite/", StringComparison.Ordinal));
        var page = await factory.NewPageAsync(phone: true);
        await page.GotoAsync(new Uri(link).PathAndQuery);
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "2-invitation", "3-accept");
        await page.GetByLabel("Your name").FillAsync("Sofie Claes");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Marble-Orchard-Beacon-58");
        await page.GetByLabel("Repeat the new password").FillAsync("Marble-Orchard-Beacon-58");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my login and join" }).ClickAsync();

        await BrowserChecks.ArriveAtAsync(page, $"**/o/{office.Slug}/**");
        Assert.Equal(colleague, await page.Locator("[data-testid=user-email]").TextContentAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "2-invitation", "4-landed");
        await adminPage.ReloadAsync();
        await Assertions.Expect(adminPage.Locator("[data-testid=member]").Filter(new() { HasText = colleague })).ToHaveCountAsync(1);
    }
}
