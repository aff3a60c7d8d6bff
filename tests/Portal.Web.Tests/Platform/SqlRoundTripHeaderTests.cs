using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Infrastructure.Diagnostics;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The portal with the SQL round-trip header on; <see cref="CommandsOf"/> also holds the texts of the
/// commands each request sent (the same count the header reports), for a failing budget to name them.
/// </summary>
public sealed class SqlRoundTripHeaderFactory : PortalFactory
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _commands = new();

    /// <summary>The commands of the last request whose path and query were <paramref name="pathAndQuery"/>.</summary>
    public IReadOnlyList<string> CommandsOf(string pathAndQuery) =>
        _commands.TryGetValue(pathAndQuery, out var commands) ? commands : [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Diagnostics:SqlRoundTripHeader", "true");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RecordCommands(_commands)));
    }

    private sealed class RecordCommands(ConcurrentDictionary<string, IReadOnlyList<string>> commands) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                await call(context);
                if (context.Features.Get<SqlRoundTripCount>() is { } count)
                {
                    commands[context.Request.Path + context.Request.QueryString] = count.Commands;
                }
            });
            next(app);
        };
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
