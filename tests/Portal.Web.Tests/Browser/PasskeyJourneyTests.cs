using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// The portal at http://localhost (a secure context with a name, as WebAuthn needs) on a fixed port,
/// so that the relying party configured as the public address is the one the browser sees.
/// </summary>
public sealed class LocalhostBrowserFactory : BrowserFactory
{
    /// <summary>A port of this checkout's own range (see docs: each worktree has its own ports).</summary>
    public const int FixedPort = 55467;

    protected override int Port => FixedPort;

    protected override string Host => "localhost";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:PublicBaseUrl", $"http://localhost:{FixedPort}");
    }
}

/// <summary>
/// Passkeys in Chromium with a virtual authenticator over the DevTools protocol (ctap2, built in,
/// resident keys, user verification): the browser's real WebAuthn code talks to the portal.
/// </summary>
public sealed class PasskeyJourneyTests(LocalhostBrowserFactory factory) : IClassFixture<LocalhostBrowserFactory>
{
    [Fact]
    public async Task Accountant_adds_a_passkey_logs_out_and_signs_in_with_it_alone()
    {
        var (user, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact");
        var page = await factory.NewPageAsync();
        await AddVirtualAuthenticatorAsync(page);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");

        await AddPasskeyAsync(page, "Work laptop");
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "passkeys", "2-security-with-passkey");

        // Logged out, the login page offers the passkey in the e-mail field's autofill (conditional
        // mediation); the virtual authenticator picks it at once, as a person choosing it would.
        await page.Locator(".user-menu summary").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Log out" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");

        // A browser without autofill for passkeys: the button.
        await WithoutPasskeyAutofillAsync(page);
        await LogOutAsync(page);
        await BrowserChecks.AssertAccessibleAsync(page);
        Assert.Equal("username webauthn", await page.GetByLabel("E-mail").GetAttributeAsync("autocomplete"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in with a passkey" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");

        await page.GotoAsync("/account/security");
        Assert.DoesNotContain("Not yet", await page.Locator("[data-testid=passkeys] tbody tr").First.InnerTextAsync());
        await factory.WithDbAsync(async db =>
        {
            var logins = await db.AuditEvents.Where(e => e.ActorUserId == user.Id && e.Type == "login.succeeded").Select(e => e.Details).ToListAsync();
            Assert.Contains(logins, d => d!.Contains("passkey", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Accountant_with_an_app_uses_the_passkey_as_second_step_then_removes_it()
    {
        var (user, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact");
        var enrolled = await factory.EnrolAsync(user);
        var page = await factory.NewPageAsync(phone: true);
        await AddVirtualAuthenticatorAsync(page);
        await WithoutPasskeyAutofillAsync(page);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        await page.GetByLabel("Code from your authenticator app").FillAsync(factory.NextCode(enrolled.Secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");
        await AddPasskeyAsync(page, "My phone");

        await LogOutAsync(page);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        await BrowserChecks.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey instead" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/o/**");

        await page.GotoAsync("/account/security");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove My phone" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/passkeys/*/remove");
        await BrowserChecks.AssertAccessibleAsync(page);
        await page.GetByLabel("Your password").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove the passkey" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security");
        Assert.True(await page.Locator("[data-testid=no-passkeys]").IsVisibleAsync());
        var mail = await factory.Mailbox.WaitForAsync(user.Email!, "A passkey was removed from your Portal account");
        Assert.NotNull(mail);
    }

    [Fact]
    public async Task An_office_requiring_passkeys_leads_a_colleague_with_only_an_app_to_add_one_then_back_in()
    {
        var (user, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact");
        var enrolled = await factory.EnrolAsync(user);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Organisations.SingleAsync(o => o.Id == office.Id);
            (stored.RequireMfa, stored.RequirePasskeys, stored.MfaGraceDays, stored.MfaRequiredSince) = (true, true, 0, factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        var page = await factory.NewPageAsync();
        await AddVirtualAuthenticatorAsync(page);
        await WithoutPasskeyAutofillAsync(page);
        await BrowserChecks.LogInAsync(page, user.Email!);
        await BrowserChecks.ArriveAtAsync(page, "**/login/2fa**");
        await page.GetByLabel("Code from your authenticator app").FillAsync(factory.NextCode(enrolled.Secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        // The app alone no longer opens the office: the person is told why and led to add a passkey.
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/required**");
        Assert.Contains("passkey", await page.Locator("[data-testid=requiring-organisations]").InnerTextAsync());
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "passkeys", "3-office-requires-passkeys");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a passkey" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/passkeys/add**");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Work laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the passkey" }).ClickAsync();

        // Straight back into the office it was for.
        await BrowserChecks.ArriveAtAsync(page, $"**/o/{office.Slug}/e/exact");
    }

    private static async Task AddPasskeyAsync(IPage page, string name)
    {
        await page.GotoAsync("/account/security");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a passkey" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security/passkeys/add");
        await BrowserChecks.AssertAccessibleAsync(page);
        await BrowserChecks.ScreenshotAsync(page, "passkeys", "1-add");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the passkey" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/account/security");
        Assert.Contains(name, await page.Locator("[data-testid=passkeys]").InnerTextAsync());
    }

    /// <summary>As in a browser whose autofill does not offer passkeys: /login then waits for the password or the button.</summary>
    private static async Task WithoutPasskeyAutofillAsync(IPage page) =>
        await page.Context.AddInitScriptAsync("PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);");

    private static async Task LogOutAsync(IPage page)
    {
        await page.Locator(".user-menu summary").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Log out" }).ClickAsync();
        await BrowserChecks.ArriveAtAsync(page, "**/login");
    }

    /// <summary>A platform authenticator that holds resident keys and verifies the user (as Touch ID or Windows Hello would).</summary>
    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }
}
