using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

public sealed class LanguageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("nl-BE,nl;q=0.9,en;q=0.5", "Aanmelden")]
    [InlineData("fr-BE,fr;q=0.9", "Se connecter")]
    [InlineData("de-DE", "Anmelden")]
    [InlineData("es-ES", "Log in")]
    public async Task Login_page_follows_the_browser_language_else_English(string acceptLanguage, string heading)
    {
        var client = factory.CreatePortalClient();
        client.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var page = await client.GetPageAsync("/login");

        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Picking_a_language_on_the_login_page_changes_every_word()
    {
        var client = factory.CreatePortalClient();
        var english = await client.GetPageAsync("/login");

        var response = await client.SubmitAsync(english, "form.language-picker", submitButton: "button[value=de]");
        var german = await client.FollowAsync(response);

        Assert.Equal("Anmelden", german.QuerySelector("h1")!.TextContent);
        Assert.Equal("E-Mail-Adresse", german.QuerySelector("label[for=Input_Email]")!.TextContent);
        Assert.Equal("Passwort vergessen?", german.QuerySelector("main a[href='/forgot-password']")!.TextContent);
        Assert.Equal("de", german.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task A_signed_in_choice_is_stored_and_emails_follow_it()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync("/account/security");

        await client.FollowAsync(await client.SubmitAsync(page, ".user-menu form.language-picker", submitButton: "button[value=fr]"));
        var french = await client.GetPageAsync("/account/security");
        var anonymous = factory.CreatePortalClient();
        var reset = await anonymous.GetPageAsync("/forgot-password");
        await anonymous.SubmitAsync(reset, "main form", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

        Assert.Equal("Sécurité", french.QuerySelector("h1")!.TextContent);
        await factory.WithDbAsync(async db => Assert.Equal("fr", await db.Users.Where(u => u.Id == user.Id).Select(u => u.PreferredLanguage).SingleAsync()));
        var mail = await factory.Mailbox.WaitForAsync(user.Email!, "Réinitialisez votre mot de passe Portal");
        Assert.Contains("Bonjour", mail.Text);
    }

    [Fact]
    public async Task A_language_picked_on_the_login_page_is_kept_after_signing_in_and_stored()
    {
        var user = await factory.Data.UserAsync();
        await SetStoredLanguageAsync(user.Id, "en");
        var client = factory.CreatePortalClient();
        var login = await client.GetPageAsync("/login");
        await client.FollowAsync(await client.SubmitAsync(login, "form.language-picker", submitButton: "button[value=nl]"));

        await client.LoginOkAsync(user.Email!);
        var security = await client.GetPageAsync("/account/security");

        Assert.Equal("Beveiliging", security.QuerySelector("h1")!.TextContent);
        Assert.Equal("nl", security.DocumentElement.GetAttribute("lang"));
        Assert.Equal("nl", await StoredLanguageAsync(user.Id));
    }

    [Fact]
    public async Task The_account_language_follows_the_person_to_another_browser_from_the_second_factor_on()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        await SetStoredLanguageAsync(user.Id, "fr");
        var germanBrowser = factory.CreatePortalClient();
        germanBrowser.Http.DefaultRequestHeaders.Add("Accept-Language", "de-DE,de;q=0.9");

        var secondStep = await germanBrowser.LoginToSecondStepAsync(user.Email!);
        var response = await germanBrowser.SubmitCodeAsync(secondStep, factory.NextCode(enrolled.Secret));
        var security = await germanBrowser.GetPageAsync("/account/security");

        Assert.True(PortalClient.IsRedirect(response.StatusCode));
        Assert.Equal("fr", secondStep.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Sécurité", security.QuerySelector("h1")!.TextContent);
        Assert.Equal("fr", await StoredLanguageAsync(user.Id));
    }

    [Fact]
    public async Task The_browser_language_is_only_the_first_default()
    {
        var user = await factory.Data.UserAsync();
        await SetStoredLanguageAsync(user.Id, null);
        var dutchBrowser = factory.CreatePortalClient();
        dutchBrowser.Http.DefaultRequestHeaders.Add("Accept-Language", "nl-BE,nl;q=0.9");
        await dutchBrowser.LoginOkAsync(user.Email!);
        var germanBrowser = factory.CreatePortalClient();
        germanBrowser.Http.DefaultRequestHeaders.Add("Accept-Language", "de-DE");

        await germanBrowser.LoginOkAsync(user.Email!);
        var security = await germanBrowser.GetPageAsync("/account/security");

        Assert.Equal("nl", await StoredLanguageAsync(user.Id));
        Assert.Equal("Beveiliging", security.QuerySelector("h1")!.TextContent);
    }

    private Task SetStoredLanguageAsync(Guid userId, string? language) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, language)));

    private Task<string?> StoredLanguageAsync(Guid userId) =>
        factory.WithServicesAsync(services => services.GetRequiredService<PortalDbContext>().Users
            .Where(u => u.Id == userId).Select(u => u.PreferredLanguage).SingleAsync());
}
