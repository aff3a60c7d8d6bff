using Microsoft.EntityFrameworkCore;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>The account's time zone: chosen at /account/security/time-zone, followed by every page, every browser and the e-mails.</summary>
public sealed class TimeZoneTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string TimeZonePage = "/account/security/time-zone";

    [Fact]
    public async Task A_new_account_reads_Brussels_times_and_a_chosen_zone_is_used_on_every_page_and_in_every_browser()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var signedInAt = factory.Clock.GetUtcNow();

        var sessions = await client.GetPageAsync("/account/security/sessions");
        Assert.Contains(TestTime.Shown(signedInAt), sessions.QuerySelector("[data-testid=sessions]")!.TextContent);

        var picker = await client.GetPageAsync(TimeZonePage);
        Assert.Equal("Europe/Brussels", picker.QuerySelector("select[name=TimeZone] option[selected]")!.GetAttribute("value"));
        Assert.Equal("Europe", picker.QuerySelector("select[name=TimeZone] optgroup")!.GetAttribute("label"));
        var saved = await client.FollowAsync(await client.SubmitAsync(picker, "main form", new Dictionary<string, string> { ["TimeZone"] = "America/New_York" }));

        Assert.Contains("America/New_York", saved.QuerySelector("[data-testid=time-zone]")!.TextContent);
        var newYork = LocalTime.DateAndTime(signedInAt, LocalTime.Zone("America/New_York"), System.Globalization.CultureInfo.GetCultureInfo("en"));
        Assert.Contains(newYork, (await client.GetPageAsync("/account/security/sessions")).QuerySelector("[data-testid=sessions]")!.TextContent);
        await factory.WithDbAsync(async db => Assert.Equal("America/New_York", await db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleAsync()));

        // Another browser follows the account from its first page.
        var laptop = factory.CreatePortalClient();
        await laptop.LoginOkAsync(user.Email!);
        Assert.Contains(newYork, (await laptop.GetPageAsync("/account/security/sessions")).QuerySelector("[data-testid=sessions]")!.TextContent);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("")]
    public async Task A_zone_not_in_the_list_is_refused(string zone)
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var response = await client.SubmitAsync(await client.GetPageAsync(TimeZonePage), "main form", new Dictionary<string, string> { ["TimeZone"] = zone });

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a time zone from the list.", PortalClient.Errors(await PortalClient.ParseAsync(response)));
        await factory.WithDbAsync(async db => Assert.Equal("Europe/Brussels", await db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleAsync()));
    }

    [Fact]
    public async Task E_mails_print_times_in_the_recipients_zone_and_language()
    {
        var user = await factory.Data.UserAsync();
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.TimeZone, "Asia/Tokyo").SetProperty(x => x.PreferredLanguage, "de")));
        await factory.CreatePortalClient().LoginOkAsync(user.Email!);

        var laptop = factory.CreatePortalClient();
        await laptop.LoginOkAsync(user.Email!);
        var notice = await factory.Mailbox.WaitForAsync(user.Email!, "Neue Anmeldung");

        var tokyo = LocalTime.DateAndTime(factory.Clock.GetUtcNow(), LocalTime.Zone("Asia/Tokyo"), System.Globalization.CultureInfo.GetCultureInfo("de"));
        Assert.Contains("Wann: " + tokyo + ".", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", notice.Text, StringComparison.Ordinal);
    }
}
