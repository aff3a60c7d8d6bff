using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

public sealed class SqlRoundTripHeaderFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Diagnostics:SqlRoundTripHeader", "true");
    }
}

/// <summary>The benchmark reads each page's SQL round trips from a response header that only a setting turns on.</summary>
public sealed class SqlRoundTripHeaderTests(SqlRoundTripHeaderFactory factory) : IClassFixture<SqlRoundTripHeaderFactory>
{
    private const string Header = "X-Sql-Round-Trips";

    [Fact]
    public async Task Header_counts_the_sql_commands_of_each_request_on_its_own()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var page = await client.GetAsync($"/o/{organisation.Slug}/e/main");
        var ping = await client.GetAsync("/account/ping");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(int.Parse(Assert.Single(page.Headers.GetValues(Header)), System.Globalization.CultureInfo.InvariantCulture) >= 2,
            "the environment home reads memberships and clients");
        // The session check is cached by then, so the bare endpoint sends no SQL at all.
        Assert.Equal(HttpStatusCode.NoContent, ping.StatusCode);
        Assert.Equal("0", Assert.Single(ping.Headers.GetValues(Header)));
    }
}

public sealed class SqlRoundTripHeaderOffTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Header_is_absent_unless_the_setting_turns_it_on()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var page = await client.GetAsync($"/o/{organisation.Slug}/e/main");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("X-Sql-Round-Trips"));
    }

    [Fact]
    public async Task Ping_answers_204_when_signed_in_and_sends_strangers_to_login()
    {
        var user = await factory.Data.UserAsync();
        var anonymous = await factory.CreatePortalClient().GetAsync("/account/ping");
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var signedIn = await client.GetAsync("/account/ping");

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery);
    }
}
