using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Organisations;

/// <summary>OWASP ASVS 5.0 V8.2.2: a member of one office never reaches another office's data.</summary>
public sealed class TenancyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Member_of_other_office_gets_404_on_every_url_of_this_office()
    {
        var (_, officeA) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (stranger, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var clientOfA = await FirstClientAsync(officeA);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(stranger.Email!);

        foreach (var url in new[]
        {
            $"/o/{officeA.Slug}/e/main",
            $"/o/{officeA.Slug}/e/main?q=Client",
            $"/o/{officeA.Slug}/e/main/clients/new",
            $"/o/{officeA.Slug}/e/main/clients/{clientOfA.Id}",
            $"/o/{officeA.Slug}/e/does-not-exist",
        })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(officeA.Name, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Admin_cannot_edit_another_offices_client_by_posting_its_id_into_own_office()
    {
        var (_, officeA) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (admin, officeB) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var clientOfA = await FirstClientAsync(officeA);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        // A real form of office B, with office A's client id put into the URL.
        var ownClient = await FirstClientAsync(officeB);
        var form = await client.GetPageAsync($"/o/{officeB.Slug}/e/main/clients/{ownClient.Id}");
        var forged = await client.Http.PostAsync($"/o/{officeB.Slug}/e/main/clients/{clientOfA.Id}",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                ["Input.Name"] = "Taken over",
                ["Input.Status"] = "Active",
            }));

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        await factory.WithDbAsync(async db =>
            Assert.Equal(clientOfA.Name, await db.Clients.Where(c => c.Id == clientOfA.Id).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task Member_who_is_not_admin_gets_404_on_client_editing()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member);
        var existing = await FirstClientAsync(office);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);

        var home = await client.GetPageAsync($"/o/{office.Slug}/e/main");
        Assert.Empty(home.QuerySelectorAll($"a[href*='/clients/']"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/o/{office.Slug}/e/main/clients/new")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/o/{office.Slug}/e/main/clients/{existing.Id}")).StatusCode);
    }

    [Fact]
    public async Task Removed_member_loses_access_on_the_next_request()
    {
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/o/{office.Slug}/e/main")).StatusCode);

        await factory.WithDbAsync(db => db.Memberships.Where(m => m.UserId == member.Id).ExecuteDeleteAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/o/{office.Slug}/e/main")).StatusCode);
    }

    private Task<Client> FirstClientAsync(Organisation organisation) =>
        factory.WithServicesAsync(services => services.GetRequiredService<PortalDbContext>().Clients.AsNoTracking()
            .Where(c => c.Environment!.OrganisationId == organisation.Id).OrderBy(c => c.Name).FirstAsync());
}
