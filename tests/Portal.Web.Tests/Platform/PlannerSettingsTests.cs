using Microsoft.EntityFrameworkCore;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The portal's own connections tell PostgreSQL's planner that random reads are cheap (random_page_cost
/// 1.1): with the default of 4 it read every user of the database to list one office's members
/// (docs/benchmarks.md). The members page of a large office depends on it.
/// </summary>
public sealed class PlannerSettingsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Portal_connections_plan_for_cached_data()
    {
        string? value = null;
        await factory.WithDbAsync(async db =>
            value = await db.Database.SqlQueryRaw<string>("SELECT current_setting('random_page_cost') AS \"Value\"").SingleAsync());

        Assert.Equal("1.1", value);
    }
}
