using Microsoft.EntityFrameworkCore;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Organisations;

public sealed class ClientListTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Clients_are_paged_by_50_and_searchable_by_name_or_number()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "big");
        await factory.WithDbAsync(async db =>
        {
            var environment = await db.Environments.SingleAsync(e => e.OrganisationId == organisation.Id);
            for (var i = 0; i < 117; i++)
            {
                db.Clients.Add(new Client { EnvironmentId = environment.Id, Name = $"Bulk {i:D3}", Number = $"NL{i:D9}B01", CreatedAt = DateTimeOffset.UtcNow });
            }

            db.Clients.Add(new Client { EnvironmentId = environment.Id, Name = "Bakkerij Peeters_100%", Number = "BE0412.345.678", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var basePath = $"/o/{organisation.Slug}/e/big";

        var first = await client.GetPageAsync(basePath);
        var third = await client.GetPageAsync(basePath + "?p=3");
        var byName = await client.GetPageAsync(basePath + "?q=bakkerij");
        var byNumber = await client.GetPageAsync(basePath + "?q=0412345678");
        var wildcard = await client.GetPageAsync(basePath + "?q=%25");

        Assert.Equal(50, Rows(first));
        Assert.Contains("121 clients", first.QuerySelector("[data-testid=client-count]")!.TextContent);
        Assert.Equal("1–50 of 121", first.QuerySelector("[data-testid=page-position]")!.TextContent);
        Assert.Equal(21, Rows(third));
        Assert.Equal("101–121 of 121", third.QuerySelector("[data-testid=page-position]")!.TextContent);
        Assert.Equal("Bakkerij Peeters_100%", Assert.Single(Names(byName)));
        Assert.Equal("Bakkerij Peeters_100%", Assert.Single(Names(byNumber)));
        Assert.Equal("Bakkerij Peeters_100%", Assert.Single(Names(wildcard)));
    }

    [Fact]
    public async Task Clients_sort_by_name_number_or_status_from_the_address_and_anything_else_is_by_name()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "sorted");
        await factory.WithDbAsync(async db =>
        {
            var environment = await db.Environments.SingleAsync(e => e.OrganisationId == organisation.Id);
            db.Clients.RemoveRange(db.Clients.Where(c => c.EnvironmentId == environment.Id));
            db.Clients.Add(new Client { EnvironmentId = environment.Id, Name = "Bakkerij", Number = "BE0300.000.000", Status = ClientStatus.Inactive, CreatedAt = DateTimeOffset.UtcNow });
            db.Clients.Add(new Client { EnvironmentId = environment.Id, Name = "Apotheek", Number = "BE0200.000.000", Status = ClientStatus.Onboarding, CreatedAt = DateTimeOffset.UtcNow });
            db.Clients.Add(new Client { EnvironmentId = environment.Id, Name = "Chocolaterie", Number = "BE0100.000.000", Status = ClientStatus.Active, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var basePath = $"/o/{organisation.Slug}/e/sorted";

        var byName = await client.GetPageAsync(basePath);
        var byNumber = await client.GetPageAsync(basePath + "?sort=number");
        var byStatusDescending = await client.GetPageAsync(basePath + "?sort=status&dir=desc");
        var byNameDescending = await client.GetPageAsync(basePath + "?sort=name&dir=desc");

        Assert.Equal(["Apotheek", "Bakkerij", "Chocolaterie"], Names(byName));
        Assert.Equal(["Chocolaterie", "Apotheek", "Bakkerij"], Names(byNumber));
        Assert.Equal(["Bakkerij", "Apotheek", "Chocolaterie"], Names(byStatusDescending));
        Assert.Equal(["Chocolaterie", "Bakkerij", "Apotheek"], Names(byNameDescending));
        // The sorted column says so, and its header link turns the order round.
        Assert.Equal("ascending", byNumber.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
        Assert.EndsWith("?sort=number&dir=desc", byNumber.QuerySelector("a[data-sort=number]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.EndsWith("?sort=status", byNumber.QuerySelector("a[data-sort=status]")!.GetAttribute("href"), StringComparison.Ordinal);
        // Only the listed columns: anything else (a column name, SQL, a number) sorts by name.
        foreach (var odd in new[] { "CreatedAt", "name;DROP TABLE", "1", "Id" })
        {
            Assert.Equal(["Apotheek", "Bakkerij", "Chocolaterie"], Names(await client.GetPageAsync(basePath + "?sort=" + Uri.EscapeDataString(odd))));
        }
    }

    [Fact]
    public async Task An_environment_named_after_its_software_shows_the_name_once()
    {
        var (user, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Member, "exact", "yuki");
        await factory.WithDbAsync(db => db.Environments.Where(e => e.OrganisationId == organisation.Id && e.Slug == "exact")
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.Name, "Exact Online")));
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var home = await client.GetPageAsync($"/o/{organisation.Slug}/e/exact");
        var start = await client.GetPageAsync("/");

        Assert.Equal("Exact Online", home.QuerySelector("h1")!.TextContent.Trim());
        var listed = start.QuerySelectorAll("[data-testid=organisation] li").Select(li => System.Text.RegularExpressions.Regex.Replace(li.TextContent, @"\s+", " ").Trim()).Order().ToList();
        Assert.Equal(["Env yuki Exact Online", "Exact Online"], listed);
        var switcher = start.QuerySelectorAll(".switcher .menu-item").Select(a => System.Text.RegularExpressions.Regex.Replace(a.TextContent, @"\s+", " ").Trim()).Order().ToList();
        Assert.Equal(["Env yuki Exact Online", "Exact Online"], switcher);
    }

    [Fact]
    public async Task Admin_adds_and_edits_a_client_with_an_audit_event()
    {
        var (admin, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var form = await client.GetPageAsync($"/o/{organisation.Slug}/e/main/clients/new");
        var empty = await client.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Name"] = "" });
        Assert.True(empty.StatusCode == System.Net.HttpStatusCode.OK, $"{empty.StatusCode} {empty.Headers.Location}");
        Assert.Contains("Enter the client", PortalClient.Errors(await PortalClient.ParseAsync(empty)));
        var list = await client.SubmitAndFollowAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Brouwerij De Halve Maan",
            ["Input.Number"] = "be0405.123.456",
            ["Input.Status"] = "Onboarding",
        });

        Assert.Contains("Brouwerij De Halve Maan", Names(await client.GetPageAsync($"/o/{organisation.Slug}/e/main?q=Halve")));
        Assert.Contains("was added", list.QuerySelector("[role=status]")!.TextContent);
        await factory.WithDbAsync(async db =>
        {
            var saved = await db.Clients.SingleAsync(c => c.Name == "Brouwerij De Halve Maan");
            Assert.Equal("BE0405.123.456", saved.Number);
            Assert.Equal(ClientStatus.Onboarding, saved.Status);
            Assert.True(await db.AuditEvents.AnyAsync(e => e.OrganisationId == organisation.Id && e.Type == "client.created" && e.ActorUserId == admin.Id));
        });
    }

    [Fact]
    public async Task Client_count_includes_a_client_just_added()
    {
        var (admin, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        var before = await client.GetPageAsync($"/o/{organisation.Slug}/e/main");

        var form = await client.GetPageAsync($"/o/{organisation.Slug}/e/main/clients/new");
        var after = await client.SubmitAndFollowAsync(form, "main form", new Dictionary<string, string> { ["Input.Name"] = "Garage Claes" });

        Assert.Contains("3 clients", before.QuerySelector("[data-testid=client-count]")!.TextContent);
        Assert.Contains("4 clients", after.QuerySelector("[data-testid=client-count]")!.TextContent);
        Assert.Contains("Garage Claes", Names(after));
    }

    private static int Rows(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("[data-testid=clients] tbody tr").Length;

    private static List<string> Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=clients] tbody tr td:first-child").Select(td => td.TextContent).ToList();
}
