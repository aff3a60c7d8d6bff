using System.Net;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Organisations;

public sealed class SwitcherTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Switcher_groups_every_environment_of_every_organisation_of_the_user()
    {
        var user = await factory.Data.UserAsync();
        var first = await factory.Data.OrganisationAsync(null, "exact", "yuki");
        var second = await factory.Data.OrganisationAsync(null, "twinfield");
        var notMine = await factory.Data.OrganisationAsync(null, "octopus");
        await factory.Data.MemberAsync(user, first, OrganisationRole.Admin);
        await factory.Data.MemberAsync(user, second);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var page = await client.GetPageAsync($"/o/{first.Slug}/e/yuki");

        var groups = page.QuerySelectorAll(".switcher .menu-group")
            .ToDictionary(g => g.QuerySelector(".menu-group-title")!.TextContent,
                g => g.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList());
        Assert.Equal([$"/o/{first.Slug}/e/exact", $"/o/{first.Slug}/e/yuki"], groups[first.Name]);
        Assert.Equal([$"/o/{second.Slug}/e/twinfield"], groups[second.Name]);
        Assert.False(groups.ContainsKey(notMine.Name));
        Assert.Equal($"{first.Name} · Env yuki", page.QuerySelector("[data-testid=current-context]")!.TextContent);
        Assert.Equal("page", page.QuerySelector(".switcher a.active")!.GetAttribute("aria-current"));
        Assert.NotNull(page.QuerySelector($"a[href='/o/{first.Slug}/admin/users']"));

        // Switching is a link: the other organisation opens with the same session, without Administration.
        var other = await client.GetPageAsync($"/o/{second.Slug}/e/twinfield");
        Assert.Equal($"{second.Name} · Env twinfield", other.QuerySelector("[data-testid=current-context]")!.TextContent);
        Assert.Null(other.QuerySelector($"a[href='/o/{second.Slug}/admin/users']"));
    }

    [Fact]
    public async Task Home_goes_straight_to_the_only_environment()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/o/{organisation.Slug}/e/main", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Home_lists_organisations_when_there_are_several_environments()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync(environmentSlugs: ["a", "b"]);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var page = await client.GetPageAsync("/");

        var card = Assert.Single(page.QuerySelectorAll("[data-testid=organisation]"));
        Assert.Contains(organisation.Name, card.TextContent);
        Assert.Equal(2, card.QuerySelectorAll("li a").Length);
    }
}
