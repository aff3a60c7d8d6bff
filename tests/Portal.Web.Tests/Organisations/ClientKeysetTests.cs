using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Platform;

namespace Portal.Web.Tests.Organisations;

/// <summary>
/// Next and Previous on the client list carry a keyset cursor (the row's sort key and id), not a
/// page number: every client once, in order, both ways, in every order, and no OFFSET on a deep page.
/// </summary>
public sealed class ClientKeysetTests(SqlRoundTripHeaderFactory factory) : IClassFixture<SqlRoundTripHeaderFactory>
{
    private const int Count = 130;

    /// <summary>The order each sort must give, written as SQL here, apart from the portal's LINQ.</summary>
    public static TheoryData<string, string> Orders => new()
    {
        { "", "\"Name\", \"Id\"" },
        { "sort=name&dir=desc", "\"Name\" DESC, \"Id\" DESC" },
        { "sort=number", "\"Number\" NULLS LAST, \"Name\", \"Id\"" },
        { "sort=number&dir=desc", "\"Number\" DESC NULLS FIRST, \"Name\" DESC, \"Id\" DESC" },
        { "sort=status", $"{Rank}, \"Name\", \"Id\"" },
        { "sort=status&dir=desc", $"{Rank} DESC, \"Name\" DESC, \"Id\" DESC" },
    };

    private const string Rank = "CASE \"Status\" WHEN 'Active' THEN 0 WHEN 'Onboarding' THEN 1 ELSE 2 END";

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Next_and_previous_walk_every_client_once_in_order(string sort, string orderBy)
    {
        var (client, basePath, environmentId) = await ArrangeAsync();
        // The order comes from the theory's own rows, never from input.
        var sql = "SELECT \"Id\" AS \"Value\" FROM \"Clients\" WHERE \"EnvironmentId\" = {0} ORDER BY " + orderBy;
        var expected = await factory.WithServicesAsync(services => services.GetRequiredService<PortalDbContext>().Database
            .SqlQueryRaw<Guid>(sql, environmentId)
            .ToListAsync());

        var forwards = new List<Guid>();
        var address = basePath + (sort.Length == 0 ? "" : "?" + sort);
        var pages = 0;
        IHtmlDocument page;
        while (true)
        {
            page = await client.GetPageAsync(address);
            var ids = Ids(page);
            Assert.Equal($"{forwards.Count + 1}–{forwards.Count + ids.Count} of {Count}", Position(page));
            forwards.AddRange(ids);
            pages++;
            if (Link(page, "next") is not { } next)
            {
                break;
            }

            address = next;
        }

        var backwards = Ids(page);
        while (Link(page, "prev") is { } previous)
        {
            page = await client.GetPageAsync(previous);
            var ids = Ids(page);
            Assert.Equal($"{Count - backwards.Count - ids.Count + 1}–{Count - backwards.Count} of {Count}", Position(page));
            backwards.InsertRange(0, ids);
        }

        Assert.Equal(3, pages);
        Assert.Equal(expected, forwards);
        Assert.Equal(expected, backwards);
    }

    [Fact]
    public async Task A_deep_page_reads_after_its_cursor_without_offset()
    {
        var (client, basePath, _) = await ArrangeAsync();
        var second = await client.GetPageAsync(Link(await client.GetPageAsync(basePath), "next")!);

        using var third = await client.GetAsync(Link(second, "next")!);
        using var backToSecond = await client.GetAsync(Link(await PortalClient.ParseAsync(third), "prev")!);

        Assert.Equal("101–130 of 130", Position(await PortalClient.ParseAsync(third)));
        Assert.Equal("51–100 of 130", Position(await PortalClient.ParseAsync(backToSecond)));
        foreach (var response in new[] { third, backToSecond })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var commands = factory.CommandsOf(response.RequestMessage!.RequestUri!.PathAndQuery);
            var list = Assert.Single(commands, c => c.Contains("FROM \"Clients\"", StringComparison.Ordinal) && c.Contains("LIMIT", StringComparison.Ordinal));
            Assert.DoesNotContain("OFFSET", list, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_cursor_altered_or_of_another_order_starts_the_list_at_its_first_page()
    {
        var (client, basePath, _) = await ArrangeAsync();
        var next = Link(await client.GetPageAsync(basePath), "next")!;
        var cursor = next[(next.IndexOf("after=", StringComparison.Ordinal) + 6)..];
        var altered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];

        foreach (var address in new[]
        {
            $"{basePath}?after={altered}",
            $"{basePath}?before={cursor}",
            $"{basePath}?after={cursor}&sort=number",
            $"{basePath}?after={cursor}&q=Client",
            $"{basePath}?after=%00%FF&before=",
        })
        {
            var page = await client.GetPageAsync(address);
            Assert.Equal($"1–50 of {Count}", Position(page));
        }
    }

    private async Task<(PortalClient Client, string BasePath, Guid EnvironmentId)> ArrangeAsync()
    {
        var (admin, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "deep");
        var environmentId = await factory.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var environment = await db.Environments.SingleAsync(e => e.OrganisationId == organisation.Id);
            await db.Clients.Where(c => c.EnvironmentId == environment.Id).ExecuteDeleteAsync();
            // Names, numbers and statuses repeat, and some numbers are empty: the id decides ties.
            for (var i = 0; i < Count; i++)
            {
                db.Clients.Add(new Client
                {
                    EnvironmentId = environment.Id,
                    Name = $"Client {i % 40:D2}",
                    Number = i % 7 == 0 ? null : $"BE0{i % 9}00.000.000",
                    Status = (ClientStatus)(i % 3),
                    CreatedAt = DateTimeOffset.UtcNow,
                });
            }

            await db.SaveChangesAsync();
            return environment.Id;
        });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        return (client, $"/o/{organisation.Slug}/e/deep", environmentId);
    }

    private static List<Guid> Ids(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("[data-testid=clients] tbody td.row-actions a").Select(a => Guid.Parse(a.GetAttribute("href")!.Split('/')[^1]))];

    private static string Position(IHtmlDocument page) => page.QuerySelector("[data-testid=page-position]")!.TextContent;

    private static string? Link(IHtmlDocument page, string rel) => page.QuerySelector($"nav.pager a[rel={rel}]")?.GetAttribute("href");
}
