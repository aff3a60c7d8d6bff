using Microsoft.Playwright;
using Portal.Core.Mfa;
using Portal.Core.Organisations;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// The small things people notice, in a real browser at phone widths (320 and 390 px): copy
/// buttons for the set-up key and the backup codes, the grace period shown only with required 2FA,
/// a failed form that leaves a clean address (a refresh reloads, it does not post again), the user
/// menu's labelled languages and aligned "Log out", and a favicon.
/// </summary>
public sealed class EverydayDetailsJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    public async Task Key_and_backup_codes_are_copied_with_one_click(int width)
    {
        var (user, _) = await factory.Data.MemberOfNewOrganisationAsync();
        var page = await PhoneAsync(width);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = factory.ServerUrl });
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");

        await page.GotoAsync("/account/security/authenticators/add");
        var key = (await page.Locator("[data-testid=authenticator-key]").TextContentAsync())!;
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy the key" }).ClickAsync();
        Assert.Equal(key.Replace(" ", "", StringComparison.Ordinal), await ClipboardAsync(page));
        Assert.Equal("Copied", await page.Locator("[data-testid=copy-key]").TextContentAsync());
        await NoWiderThanAsync(page, width);

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Phone");
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(Totp.FromBase32(key), factory.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the app" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/backup-codes/new**");
        var codes = await page.Locator("[data-testid=backup-codes] code").AllTextContentsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy the codes" }).ClickAsync();
        Assert.Equal(string.Join("\n", codes), await ClipboardAsync(page));
        await NoWiderThanAsync(page, width);
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "everyday-details", $"{width}-backup-codes-copied");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    public async Task Grace_period_shows_only_while_two_factor_is_required(int width)
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var page = await PhoneAsync(width);
        await BrowserChecks.LogInAsync(page, admin.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");

        await page.GotoAsync($"/o/{office.Slug}/admin/settings");
        var grace = page.Locator("[data-testid=grace-period]");
        Assert.False(await grace.IsVisibleAsync());
        await page.GetByLabel("Require two-factor authentication for all members").CheckAsync();
        Assert.True(await grace.IsVisibleAsync());
        var field = await page.GetByLabel("Grace period (days)").BoundingBoxAsync();
        Assert.True(field!.Width >= 100, $"The number field is {field.Width} px wide");
        await NoWiderThanAsync(page, width);
        await BrowserChecks.ScreenshotAsync(page, "everyday-details", $"{width}-settings-grace-period");
        await page.GetByLabel("Require two-factor authentication for all members").UncheckAsync();
        Assert.False(await grace.IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_failed_form_leaves_the_pages_own_address_and_a_refresh_does_not_post_it_again()
    {
        var user = await factory.Data.UserAsync();
        var page = await PhoneAsync(390);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/");
        await page.GotoAsync("/account/security");
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;

        await page.GetByLabel("Current password").FillAsync("not-my-password-at-all");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("A-new-and-long-passphrase-42");
        await page.GetByLabel("Repeat the new password").FillAsync("A-new-and-long-passphrase-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.Locator(".field-validation-error, .field-error:not(:empty)").First.WaitForAsync();

        Assert.Equal(1, posts);
        Assert.DoesNotContain("handler=", page.Url, StringComparison.Ordinal);
        Assert.EndsWith("/account/security", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        Assert.Equal(1, posts);
        Assert.Equal(0, await page.Locator(".field-validation-error").CountAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    public async Task User_menu_has_labelled_languages_and_log_out_in_line_with_the_other_entries(int width)
    {
        var user = await factory.Data.UserAsync();
        var page = await PhoneAsync(width);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/");

        await page.Locator(".user-menu summary").ClickAsync();
        var security = await page.GetByRole(AriaRole.Menuitem, new() { Name = "Security" }).BoundingBoxAsync();
        var logOut = page.GetByRole(AriaRole.Menuitem, new() { Name = "Log out" });
        var logOutBox = await logOut.BoundingBoxAsync();
        var textStart = await logOut.EvaluateAsync<double>("e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)");
        var securityTextStart = await page.GetByRole(AriaRole.Menuitem, new() { Name = "Security" })
            .EvaluateAsync<double>("e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)");

        Assert.Equal(securityTextStart, textStart, 1);
        Assert.Equal(security!.Width, logOutBox!.Width, 1);
        Assert.True(await page.Locator(".user-menu .menu-item-text .menu-group-title", new() { HasText = "Language" }).IsVisibleAsync());
        await NoWiderThanAsync(page, width);
        await BrowserChecks.ScreenshotAsync(page, "everyday-details", $"{width}-user-menu");

        var icon = await page.APIRequest.GetAsync("/favicon.ico");
        Assert.Equal(200, icon.Status);
        Assert.Equal("/favicon.svg", await page.Locator("link[rel=icon]").GetAttributeAsync("href"));
        await page.Context.CloseAsync();
    }

    private async Task<IPage> PhoneAsync(int width)
    {
        var page = await factory.NewPageAsync(phone: true);
        await page.SetViewportSizeAsync(width, 800);
        return page;
    }

    private static Task<string> ClipboardAsync(IPage page) => page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

    private static async Task NoWiderThanAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide at {width} px");
    }
}
