using Microsoft.Playwright;
using Portal.Core.Organisations;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// An office admin on the members page in a real browser, on a phone and on a desktop: the invite
/// form opens from its button, a column header sorts, and a role change asks first — dismissing
/// the question changes nothing, accepting it makes the colleague an administrator.
/// </summary>
public sealed class MembersJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task Admin_opens_the_invite_form_sorts_and_confirms_a_role_change(int width)
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var colleague = await factory.Data.UserAsync(name: "Zoë Wouters");
        await factory.Data.MemberAsync(colleague, office);
        var page = await factory.NewPageAsync(phone: width < 600);
        await page.SetViewportSizeAsync(width, 900);
        await BrowserChecks.LogInAsync(page, admin.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");
        await page.GotoAsync($"/o/{office.Slug}/admin/users");

        var emails = page.GetByLabel("E-mail addresses");
        Assert.False(await emails.IsVisibleAsync());
        await page.Locator("summary", new() { HasText = "Invite colleagues" }).ClickAsync();
        Assert.True(await emails.IsVisibleAsync());

        // "Name" sorts descending from its header (ascending is the default): Zoë before Test Person.
        var sortByName = page.Locator("a[data-sort=name]");
        Assert.True(await sortByName.IsVisibleAsync());
        Assert.Equal($"/o/{office.Slug}/admin/users?sort=name&dir=desc", await sortByName.GetAttributeAsync("href"));
        await page.GotoAsync((await sortByName.GetAttributeAsync("href"))!);
        var rows = page.Locator("[data-testid=member]");
        Assert.Equal(colleague.Email, await rows.First.GetAttributeAsync("data-email"));
        await BrowserChecks.AssertAccessibleAsync(page);
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the members page is {scrollWidth} px wide at {width} px");

        var row = page.Locator($"tr[data-email='{colleague.Email}']");
        var role = row.Locator("[data-testid=role]");
        string? asked = null;
        page.Dialog += DismissOnce;
        await row.Locator("[data-testid=change-role]").ClickAsync();
        Assert.Equal($"Make {colleague.Email} an administrator of {office.Name}? Administrators invite and remove people and change the settings.", asked);
        Assert.Equal("Member", await role.TextContentAsync());

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.Locator("[data-testid=change-role]").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync($"{colleague.Email} is now an administrator.");
        Assert.Equal("Administrator", await page.Locator($"tr[data-email='{colleague.Email}'] [data-testid=role]").TextContentAsync());
        // Still sorted as the admin left it.
        Assert.Contains("sort=name&dir=desc", page.Url, StringComparison.Ordinal);
        await BrowserChecks.ScreenshotAsync(page, "members", $"{width}-role-changed");
        await page.Context.CloseAsync();

        void DismissOnce(object? sender, IDialog dialog)
        {
            page.Dialog -= DismissOnce;
            asked = dialog.Message;
            _ = dialog.DismissAsync();
        }
    }
}
