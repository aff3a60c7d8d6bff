using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// WCAG 2.2 AA on every page: each GET page of the app — discovered from its endpoints, never
/// listed by hand — is opened in Chromium as an office admin and checked by axe-core (zero
/// serious or critical violations), at desktop and at phone width.
/// </summary>
public sealed class AccessibilitySweepTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task Every_page_has_no_serious_accessibility_violation()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "main");
        var pages = await PageCatalogue.BrowsableUrlsAsync(factory.Services, office.Slug);
        var anonymous = await factory.NewPageAsync();
        var signedIn = await factory.NewPageAsync();
        await BrowserChecks.LogInAsync(signedIn, admin.Email!);
        await BrowserChecks.ArriveAtAsync(signedIn, "**/o/**");
        var phone = await factory.NewPageAsync(phone: true);
        await BrowserChecks.LogInAsync(phone, admin.Email!);
        await BrowserChecks.ArriveAtAsync(phone, "**/o/**");

        var checkedPages = 0;
        foreach (var url in pages)
        {
            foreach (var page in new[] { anonymous, signedIn, phone })
            {
                var response = await page.GotoAsync(url);
                if (response is null || response.Status >= 500)
                {
                    Assert.Fail($"{url} answered {response?.Status}");
                }

                await BrowserChecks.AssertAccessibleAsync(page);
                checkedPages++;
            }
        }

        Assert.True(pages.Count >= 10, $"Only {pages.Count} pages found: " + string.Join(", ", pages));
        Assert.True(checkedPages == pages.Count * 3);
    }
}
