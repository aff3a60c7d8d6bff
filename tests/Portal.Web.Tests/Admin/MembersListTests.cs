using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Portal.Web.Tests.Infrastructure.OfficeAdminSteps;

namespace Portal.Web.Tests.Admin;

/// <summary>/o/{org}/admin/users at the size of a large office: paging, search, and a fixed number of queries.</summary>
public sealed class MembersListTests(QueryCountingFactory factory, ITestOutputHelper output) : IClassFixture<QueryCountingFactory>
{
    [Fact]
    public async Task Five_hundred_members_are_paged_fifty_at_a_time_with_the_same_few_queries_on_every_page()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var lastLogin = factory.Clock.GetUtcNow().AddDays(-3);
        await factory.WithDbAsync(async db =>
        {
            for (var i = 1; i <= 500; i++)
            {
                var email = $"member{i:D3}.{office.Slug}@office.test";
                var user = TestData.UserRow(email, $"Member {i:D3}", factory.Clock.GetUtcNow());
                user.TwoFactorEnabled = i == 7;
                user.LastLoginAt = i == 7 ? lastLogin : null;
                db.Users.Add(user);
                if (i == 7)
                {
                    db.Authenticators.Add(new Authenticator { UserId = user.Id, Name = "Phone", ProtectedSecret = "not-used-here", CreatedAt = user.CreatedAt });
                }

                db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = office.Id, Role = OrganisationRole.Member, CreatedAt = user.CreatedAt });
            }

            await db.SaveChangesAsync();
        });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        await client.GetPageAsync(UsersPage(office));

        factory.Queries.Reset();
        var first = await client.GetPageAsync(UsersPage(office));
        var firstPageQueries = factory.Queries.Commands;
        factory.Queries.Reset();
        var last = await client.GetPageAsync(UsersPage(office) + "?p=11");
        var lastPageQueries = factory.Queries.Commands;
        output.WriteLine($"{firstPageQueries.Count} queries:\n" + string.Join("\n---\n", firstPageQueries));

        var rows = first.QuerySelectorAll("[data-testid=member]");
        Assert.Equal(50, rows.Length);
        Assert.Equal("501 people", first.QuerySelector("[data-testid=member-count]")!.TextContent);
        Assert.Equal("1–50 of 501", first.QuerySelector("[data-testid=page-position]")!.TextContent);
        Assert.StartsWith("Member 001", rows[0].QuerySelector("td")!.TextContent, StringComparison.Ordinal);
        var withTwoFactor = rows.Single(r => r.GetAttribute("data-email")!.StartsWith("member007.", StringComparison.Ordinal));
        Assert.Equal("App", withTwoFactor.QuerySelector("[data-testid=two-factor]")!.TextContent);
        Assert.Contains(TestTime.Shown(lastLogin), withTwoFactor.TextContent);
        Assert.Equal(49, rows.Count(r => r.QuerySelector("[data-testid=two-factor]")!.TextContent == "None"));
        Assert.Equal(admin.Email, last.QuerySelector("[data-testid=member]")!.GetAttribute("data-email"));
        Assert.Single(last.QuerySelectorAll("[data-testid=member]"));
        // No query per row: page 1 (50 rows) and page 11 (1 row) cost the same, and few (the
        // benchmark's target: at most 3 SQL round trips per page).
        Assert.Equal(firstPageQueries.Count, lastPageQueries.Count);
        Assert.InRange(firstPageQueries.Count, 1, 3);

        // An old link past the end (members left since) shows the last page.
        var beyond = await client.GetPageAsync(UsersPage(office) + "?p=99");
        Assert.Equal("501–501 of 501", beyond.QuerySelector("[data-testid=page-position]")!.TextContent);
        Assert.Equal(admin.Email, Assert.Single(beyond.QuerySelectorAll("[data-testid=member]")).GetAttribute("data-email"));

        var search = await client.GetPageAsync(UsersPage(office) + "?q=member250");
        Assert.Equal($"member250.{office.Slug}@office.test", Assert.Single(search.QuerySelectorAll("[data-testid=member]")).GetAttribute("data-email"));
        Assert.Equal("1 person", search.QuerySelector("[data-testid=member-count]")!.TextContent);
    }
}
