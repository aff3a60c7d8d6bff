using System.Net;
using Npgsql;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

public sealed class HealthTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Live_and_ready_answer_200_while_the_database_is_up()
    {
        var http = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_fails_while_the_database_refuses_connections_and_recovers_after()
    {
        var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await TestDatabase.ExecuteAsync($"ALTER DATABASE \"{factory.Database}\" WITH ALLOW_CONNECTIONS false");
        await TestDatabase.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{factory.Database}'");
        NpgsqlConnection.ClearAllPools();
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await TestDatabase.ExecuteAsync($"ALTER DATABASE \"{factory.Database}\" WITH ALLOW_CONNECTIONS true");
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }
}
