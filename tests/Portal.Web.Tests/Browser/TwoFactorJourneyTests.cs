using Microsoft.Playwright;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>Journeys 3 and 4 in a real browser: turn on 2FA and log in with a code; sign in with a backup code.</summary>
public sealed class TwoFactorJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task Accountant_turns_on_two_factor_then_logs_in_with_a_code_from_the_app()
    {
        var (user, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact", "yuki");
        var page = await factory.NewPageAsync();
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/");

        await page.Locator(".user-menu summary").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Security" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security");
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "3-two-factor", "1-security-off");

        await page.GetByRole(AriaRole.Link, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/authenticators/add");
        Assert.True(await page.GetByRole(AriaRole.Img, new() { Name = "QR code to add Portal to your authenticator app" }).IsVisibleAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "3-two-factor", "2-scan");

        // Typing the key into the "app", as someone without a camera would.
        var secret = Totp.FromBase32((await page.Locator("[data-testid=authenticator-key]").TextContentAsync())!);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("iPhone");
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(secret, factory.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the app" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/backup-codes/new");
        Assert.Equal(10, await page.Locator("[data-testid=backup-codes] code").CountAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "3-two-factor", "3-backup-codes");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download as a text file" }).ClickAsync());
        Assert.Equal("portal-backup-codes.txt", download.SuggestedFilename);

        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved my codes" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security");
        Assert.Equal("On", await page.Locator("[data-testid=two-factor-status]").TextContentAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "3-two-factor", "4-security-on");

        await page.Locator(".user-menu summary").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Log out" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/login");
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "3-two-factor", "5-code");

        await page.GetByLabel("Code from your authenticator app").FillAsync(factory.NextCode(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/");
        Assert.Equal(1, await page.Locator("[data-testid=organisation]").CountAsync());
        await BrowserChecks.ScreenshotAsync(page, "3-two-factor", "6-signed-in");
    }

    [Fact]
    public async Task Accountant_who_lost_the_phone_signs_in_with_a_backup_code()
    {
        var (user, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact", "yuki");
        var enrolled = await factory.EnrolAsync(user);
        var page = await factory.NewPageAsync(phone: true);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");

        await page.GetByRole(AriaRole.Link, new() { Name = "Lost your phone? Use a backup code or your backup e-mail" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/login/recovery**");
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "4-backup-code", "1-recovery");

        await page.GetByLabel("Backup code", new() { Exact = true }).FillAsync(enrolled.BackupCodes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in with the backup code" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/");
        var prompt = page.Locator("[data-testid=security-prompt]");
        Assert.Contains("Backup codes left: 9", await prompt.TextContentAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "4-backup-code", "2-prompt");

        await prompt.GetByRole(AriaRole.Link, new() { Name = "Add an authenticator app" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/authenticators/add");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone");
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "4-backup-code", "3-new-phone");
    }
}
