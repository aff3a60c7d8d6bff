using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>Journey 6 in a real browser: a person who lost every second factor asks support; an agent approves; after the cooling-off the person enrols again.</summary>
public sealed class SupportRecoveryJourneyTests(BrowserFactory factory) : IClassFixture<BrowserFactory>
{
    [Fact]
    public async Task Support_approves_a_recovery_and_the_person_enrols_a_new_authenticator()
    {
        var (person, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact");
        await factory.EnrolAsync(person);
        var agent = await factory.Data.UserAsync(TestData.NewEmail("agent"), name: "Sam Support");
        await factory.MakeSupportAsync(agent.Email!);
        var agentApp = await factory.EnrolAsync(agent, "Support phone");

        // The person: password, then "lost everything".
        var page = await factory.NewPageAsync();
        await LogInAsync(page, person.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        await page.GotoAsync("/login/recovery");
        await page.GetByRole(AriaRole.Link, new() { Name = "I have lost all my second factors" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/login/recovery/request");
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "6-support-recovery", "1-request");

        await BrowserChecks.SendRecoveryRequestAsync(page, "My phone was stolen and the backup codes were on it.");
        Assert.Contains("Submitted", await page.Locator("[data-testid=recovery-status]").TextContentAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "6-support-recovery", "2-status");

        // The support agent: signs in with 2FA, checks and approves.
        var console = await factory.NewPageAsync();
        await LogInAsync(console, agent.Email!);
        await BrowserChecks.ArriveAtAsync(console, "**/login/2fa**");
        await console.GetByLabel("Code from your authenticator app").FillAsync(factory.NextCode(agentApp.Secret));
        await console.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        // An agent in no organisation lands on the console.
        await BrowserChecks.ArriveAtAsync(console, "**/support");
        await BrowserChecks.AssertAccessibleAsync(console);
        await BrowserChecks.ScreenshotAsync(console, "6-support-recovery", "3-queue");

        await console.GetByRole(AriaRole.Link, new() { Name = person.Email!, Exact = false }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(console, "**/support/requests/**");
        await BrowserChecks.AssertAccessibleAsync(console);
        await BrowserChecks.ScreenshotAsync(console, "6-support-recovery", "4-request");

        await console.GetByLabel("The name on the identity document matches the account").CheckAsync();
        await console.GetByLabel("The selfie matches the identity document").CheckAsync();
        await console.GetByLabel("Callback made on the phone number given").CheckAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Save the checklist" }).ClickAsync();
        await console.Locator(".alert-success").WaitForAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await console.Locator("[data-testid=no-documents]").WaitForAsync();
        await BrowserChecks.AssertAccessibleAsync(console);
        await BrowserChecks.ScreenshotAsync(console, "6-support-recovery", "5-approved");

        // After the cooling-off: password only, then a new authenticator app.
        factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var later = await factory.NewPageAsync();
        await LogInAsync(later, person.Email!);
        await BrowserChecks.ArriveAtAsync(later, "**/o/**");
        await later.GotoAsync("/account/security/authenticators/add");
        await BrowserChecks.AssertAccessibleAsync(later);
        await BrowserChecks.ScreenshotAsync(later, "6-support-recovery", "6-enrol-again");
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == person.Id));
            Assert.False(await db.RecoveryDocuments.AnyAsync(d => d.Request!.UserId == person.Id));
        });
    }

    private static async Task LogInAsync(IPage page, string email)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }
}
