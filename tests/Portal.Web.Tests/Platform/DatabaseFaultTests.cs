using System.Net;
using Npgsql;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

public sealed class DatabaseFaultTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Live_and_ready_answer_200_while_the_database_is_up()
    {
        var http = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        // Probes inside the network speak plain HTTP: no redirect to HTTPS for them.
        var plain = factory.CreateClient(new() { BaseAddress = new Uri("http://portal.test"), AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task While_the_database_is_down_pages_answer_a_friendly_503_and_recover_after()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var http = client.Http;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/o/{organisation.Slug}/e/main")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await TestDatabase.ExecuteAsync($"ALTER DATABASE \"{factory.Database}\" WITH ALLOW_CONNECTIONS false");
        await TestDatabase.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{factory.Database}'");
        NpgsqlConnection.ClearAllPools();
        try
        {
            // Past the session cache, so the request really needs the database.
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(Portal.Core.Accounts.UserSessionService.CacheFor);
            var page = await http.GetAsync($"/o/{organisation.Slug}/e/main");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("The portal is temporarily unavailable", html);
            Assert.DoesNotContain("   at ", html);
            Assert.DoesNotContain("Npgsql", html);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await TestDatabase.ExecuteAsync($"ALTER DATABASE \"{factory.Database}\" WITH ALLOW_CONNECTIONS true");
        }

        // Back by itself: no restart, the pooled connections are re-established, the session still holds.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/o/{organisation.Slug}/e/main")).StatusCode);
    }
}
