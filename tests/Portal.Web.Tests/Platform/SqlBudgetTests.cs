using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Core.Data;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The signed-in path's SQL budget (the performance issue's targets), counted on real PostgreSQL by
/// the portal's EF Core command interceptor for each request on its own (the X-Sql-Round-Trips
/// header), exactly: after one request has warmed the caches, as the pages are under load, and once
/// more with the caches emptied, as the first request after a quiet spell (the session check is
/// cached 10 s per instance, an environment's client count 30 s). A query added to one of these
/// pages fails its test either way. The benchmark's probes count the warm figure the same way.
/// </summary>
public sealed class SqlBudgetTests(SqlRoundTripHeaderFactory factory) : IClassFixture<SqlRoundTripHeaderFactory>
{
    [Fact]
    public async Task Security_page_takes_two_round_trips_the_top_bar_and_the_page()
    {
        var (user, _) = await factory.Data.MemberOfNewOrganisationAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var (warm, cold) = await RoundTripsAsync(client, "/account/security");

        Assert.Equal(2, warm);
        // And the session check when its cache entry has gone.
        Assert.Equal(3, cold);
    }

    [Fact]
    public async Task Environment_home_with_fifty_clients_takes_two_round_trips()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "books");
        await factory.WithDbAsync(async db =>
        {
            var environment = await db.Environments.SingleAsync(e => e.OrganisationId == organisation.Id);
            for (var i = 0; i < 50; i++)
            {
                db.Clients.Add(new Client { EnvironmentId = environment.Id, Name = $"Client {i:D2}", CreatedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
        });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var (warm, cold) = await RoundTripsAsync(client, $"/o/{organisation.Slug}/e/books");

        Assert.Equal(2, warm);
        // And the session check and the environment's client count when their cache entries have gone.
        Assert.Equal(4, cold);
    }

    [Fact]
    public async Task Password_login_from_a_new_browser_takes_at_most_five_statements()
    {
        var user = await factory.Data.UserAsync();
        // The account's first browser: the login measured below is from another one, the costly case
        // (the new-browser audit event and notice), as every benchmark login is.
        await factory.CreatePortalClient().LoginOkAsync(user.Email!);
        var client = factory.CreatePortalClient();

        using var login = await client.LoginAsync(user.Email!, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        AssertWithin(MaxPasswordLogin, login, "a password login");
        Assert.True(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task Password_login_from_a_known_browser_takes_at_most_five_statements()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        // The same browser signs in again (its browser cookie kept).
        await client.LoginOkAsync(user.Email!);

        using var login = await client.LoginAsync(user.Email!, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        AssertWithin(MaxPasswordLogin, login, "a password login from a known browser");
    }

    [Fact]
    public async Task Second_factor_step_takes_at_most_five_statements()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        await factory.CreatePortalClient().LoginWithCodeAsync(user.Email!, enrolled.Secret);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);

        using var step = await client.SubmitCodeAsync(page, factory.NextCode(enrolled.Secret));

        Assert.True(PortalClient.IsRedirect(step.StatusCode), "Code refused: " + await PortalClient.ErrorsAsync(step));
        AssertWithin(MaxSecondFactorStep, step, "the second-factor step");
        Assert.True(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task Pooled_connections_are_not_reset_on_close_unless_the_connection_string_asks()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        var configured = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());

        Assert.True(configured.NoResetOnClose);
        Assert.Equal(64, configured.MaxAutoPrepare);
    }

    /// <summary>The count with warm caches, and the count right after this instance's memory cache was emptied.</summary>
    private async Task<(int Warm, int Cold)> RoundTripsAsync(PortalClient client, string path)
    {
        await CountAsync(client, path);
        var warm = await CountAsync(client, path);
        ((MemoryCache)factory.Services.GetRequiredService<IMemoryCache>()).Compact(1.0);
        var cold = await CountAsync(client, path);
        Assert.Equal(warm, await CountAsync(client, path));
        return (warm, cold);
    }

    private static async Task<int> CountAsync(PortalClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(Assert.Single(response.Headers.GetValues(SqlRoundTripHeaderName)), CultureInfo.InvariantCulture);
    }

    /// <summary>The header's count within <paramref name="max"/>; a failure lists the statements sent.</summary>
    private void AssertWithin(int max, HttpResponseMessage response, string what)
    {
        var sql = int.Parse(Assert.Single(response.Headers.GetValues(SqlRoundTripHeaderName)), CultureInfo.InvariantCulture);
        var commands = factory.CommandsOf(response.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.True(sql <= max, $"{what} took {sql} SQL statements (at most {max}):\n" + string.Join("\n---\n", commands));
    }

    private const string SqlRoundTripHeaderName = "X-Sql-Round-Trips";

    /// <summary>
    /// Signing in, apart from the hash, counted as the statements the portal sends (docs/benchmarks.md
    /// lists them): a password login (PBKDF2 once) reads the person, reserves an attempt, records the
    /// sign-in and the browser, saves session and audit, and reads the MFA policy: 5, where the
    /// performance issue's target is 6 (14 from a new browser before the writes were batched).
    /// </summary>
    private const int MaxPasswordLogin = 5;

    /// <summary>The authenticator-code step: the target, 5 (14 before).</summary>

    private const int MaxSecondFactorStep = 5;
}
