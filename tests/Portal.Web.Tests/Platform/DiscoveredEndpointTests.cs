using System.Net;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// Rules that must hold for every page, checked against every handler the app has — discovered
/// from its endpoints, so a page added tomorrow is covered without touching this file.
/// </summary>
public sealed class DiscoveredEndpointTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>OWASP ASVS 5.0 V3.5.1: every state-changing request carries an anti-forgery token.</summary>
    [Fact]
    public async Task Every_post_handler_refuses_a_request_without_antiforgery_token()
    {
        var (member, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);
        var values = new Dictionary<string, string> { ["org"] = organisation.Slug, ["env"] = "main" };
        // The error page answers POSTs too (a failed POST is re-executed there) and changes nothing:
        // it is the one page without the check.
        var posts = (await PageCatalogue.AllAsync(factory.Services))
            .Where(h => h.Method == "POST" && h.Model != typeof(Portal.Web.Pages.ErrorModel))
            .ToList();

        var accepted = new List<string>();
        foreach (var handler in posts)
        {
            var response = await client.Http.PostAsync(handler.Url(values), new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"{handler} answered {(int)response.StatusCode}");
            }
        }

        Assert.True(posts.Count >= 8, $"Only {posts.Count} POST handlers found");
        Assert.True(accepted.Count == 0, "Accepted without an antiforgery token:\n" + string.Join("\n", accepted));
    }

    /// <summary>OWASP ASVS 5.0 V8.2.2: a signed-in stranger gets 404 on everything of another organisation.</summary>
    [Fact]
    public async Task Every_organisation_page_and_handler_answers_404_to_a_stranger()
    {
        var (_, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (stranger, own) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(stranger.Email!);
        // A real token of the stranger's own office, so the antiforgery check passes and only tenancy decides.
        var ownPage = await client.GetPageAsync($"/o/{own.Slug}/e/main/clients/new");
        var token = ownPage.QuerySelector("main input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = new Dictionary<string, string> { ["org"] = office.Slug, ["env"] = "main" };
        var handlers = (await PageCatalogue.AllAsync(factory.Services)).Where(h => h.IsOrganisationScoped).ToList();

        var leaked = new List<string>();
        foreach (var handler in handlers)
        {
            var response = handler.Method == "GET"
                ? await client.GetAsync(handler.Url(values))
                : await client.Http.PostAsync(handler.Url(values), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                leaked.Add($"{handler} answered {(int)response.StatusCode}");
            }
        }

        Assert.True(handlers.Count >= 3, $"Only {handlers.Count} organisation handlers found");
        Assert.True(leaked.Count == 0, "Reachable by a stranger:\n" + string.Join("\n", leaked));
    }
}
