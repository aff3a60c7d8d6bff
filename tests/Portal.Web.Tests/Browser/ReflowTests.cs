using Microsoft.EntityFrameworkCore;
using Portal.Core.Invitations;
using Portal.Core.Legacy;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// WCAG 2.2 SC 1.4.10 Reflow: at 320 and 390 CSS pixels no page is wider than the screen. Every GET
/// page (the list the accessibility sweep walks) is opened signed in as an office admin in German,
/// the longest of the four languages, with long addresses in its tables.
/// </summary>
public sealed class ReflowTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task No_page_is_wider_than_a_phone_screen()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "main");
        await FillTablesAsync(admin.Id, office);
        var pages = await PageCatalogue.BrowsableUrlsAsync(factory.Services, office.Slug);
        var tooWide = new List<string>();
        foreach (var width in new[] { 320, 390 })
        {
            var page = await factory.NewPageAsync(phone: true);
            await page.SetViewportSizeAsync(width, 800);
            await BrowserChecks.LogInAsync(page, admin.Email!);
            await BrowserChecks.ArriveAtAsync(page, "**/o/**");
            Assert.Equal("de", await page.EvaluateAsync<string>("document.documentElement.lang"));
            foreach (var url in pages)
            {
                await page.GotoAsync(url);
                var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                if (scrollWidth > width)
                {
                    tooWide.Add($"{url} is {scrollWidth} px wide at {width} px");
                }

                if (scrollWidth > width || width == 390)
                {
                    await BrowserChecks.ScreenshotAsync(page, "reflow-de", $"{width}-{url.Trim('/').Replace('/', '_')}");
                }
            }

            await page.Context.CloseAsync();
        }

        Assert.True(pages.Count >= 10, $"Only {pages.Count} pages found");
        Assert.True(tooWide.Count == 0, "Pages wider than the screen:\n" + string.Join("\n", tooWide));
    }

    /// <summary>German, a second member with a long address, a pending invitation and old usernames: the widest tables.</summary>
    private Task FillTablesAsync(Guid adminId, Organisation office) =>
        factory.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == adminId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, "de"));
            var colleague = await factory.Data.UserAsync(
                "annemarie.vandenbroucke-de.wilde." + Guid.NewGuid().ToString("N")[..6] + "@boekhoudkantoor-vandenbroucke.test",
                name: "Annemarie Vandenbroucke-De Wilde");
            await factory.Data.MemberAsync(colleague, office);
            var environment = await db.Environments.SingleAsync(e => e.OrganisationId == office.Id);
            var now = factory.Clock.GetUtcNow();
            db.Invitations.Add(new Invitation
            {
                OrganisationId = office.Id,
                Email = "nieuwe.medewerker.boekhouding@boekhoudkantoor-vandenbroucke.test",
                Role = OrganisationRole.Admin,
                InvitedByUserId = adminId,
                CreatedAt = now,
                ExpiresAt = now.AddDays(7),
                TokenHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            });
            db.LegacyAccounts.Add(new LegacyAccount
            {
                Username = "vandenbroucke.boekhouding." + Guid.NewGuid().ToString("N")[..6],
                PasswordHash = "x",
                OrganisationId = office.Id,
                EnvironmentId = environment.Id,
                Role = OrganisationRole.Member,
                ImportedAt = now,
                Status = LegacyAccountStatus.Migrated,
                MigratedAt = now,
                MigratedToUserId = colleague.Id,
            });
            await db.SaveChangesAsync();
        });
}
