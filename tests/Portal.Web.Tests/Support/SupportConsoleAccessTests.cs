using System.Net;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Support;

/// <summary>/support is support staff's alone, and support staff must use 2FA.</summary>
public sealed class SupportConsoleAccessTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Organisation_admin_who_is_not_support_gets_404_on_every_support_page()
    {
        var (admin, _) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.SubmitRequestAsync(person);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/support")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/support/requests/{requestId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/support/requests/{requestId}?handler=Download&documentId={Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Support_agent_lands_on_the_console_is_told_why_to_enrol_and_comes_back_to_it()
    {
        var agent = await factory.Data.UserAsync(TestData.NewEmail("agent"));
        await factory.MakeSupportAsync(agent.Email!);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(agent.Email!);

        // The start page of someone in no organisation is the console, which asks for 2FA first.
        var start = await client.GetAsync("/");
        Assert.Equal("/support", start.Headers.Location!.OriginalString);
        var response = await client.GetAsync("/support");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/security/required?for=support", response.Headers.Location!.OriginalString);
        var why = await client.FollowAsync(response);
        Assert.Contains("support staff must log in with two-factor authentication", why.QuerySelector("[data-testid=support-enrolment]")!.TextContent);
        Assert.Equal("/support", why.QuerySelector("[data-testid=support-console-link]")!.GetAttribute("href"));

        var enrolled = await client.EnrolThroughPageAsync("Support phone", why.QuerySelector("[data-testid=set-up-now]")!.GetAttribute("href")!);

        Assert.Equal("/support", enrolled.Shown!.QuerySelector("[data-testid=codes-saved]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/support")).StatusCode);
    }

    [Fact]
    public async Task Only_support_staff_see_the_console_in_the_top_bar()
    {
        var (member, _) = await factory.Data.MemberOfNewOrganisationAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(member.Email!);

        Assert.Null((await client.GetPageAsync("/account/security")).QuerySelector("[data-testid=support-console-link]"));
    }

    [Fact]
    public async Task Support_agent_sees_the_queue_with_person_organisations_and_status_and_can_search_people()
    {
        var (person, organisation) = await factory.Data.MemberOfNewOrganisationAsync();
        await factory.EnrolAsync(person);
        await factory.SubmitRequestAsync(person);
        var (_, agent) = await factory.SignedInAgentAsync();

        var console = await agent.GetPageAsync("/support");
        var row = console.QuerySelectorAll("[data-testid=queue] tbody tr").Single(r => r.TextContent.Contains(person.Email!));
        Assert.Contains(organisation.Name, row.TextContent);
        Assert.Contains("Submitted", row.TextContent);

        var found = await agent.GetPageAsync("/support?Search=" + Uri.EscapeDataString(person.Email!));
        var card = Assert.Single(found.QuerySelectorAll("[data-testid=person]"));
        Assert.Contains(organisation.Name, card.TextContent);
        Assert.Contains("2FA: On", card.TextContent);
        Assert.Contains("Account recovery requested", card.TextContent);
        Assert.DoesNotContain("support.recovery_requested", card.TextContent);
    }

    [Fact]
    public async Task Support_add_creates_an_agent_whose_password_nobody_knows_and_promotes_an_existing_user_once()
    {
        var email = TestData.NewEmail("newagent");

        var created = await factory.MakeSupportAsync(email);

        Assert.True(created is { Succeeded: true, UserCreated: true, AlreadySupport: false });
        var login = await factory.CreatePortalClient().LoginAsync(email, TestData.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var existing = await factory.Data.UserAsync();
        Assert.True((await factory.MakeSupportAsync(existing.Email!)) is { Succeeded: true, UserCreated: false, AlreadySupport: false });
        Assert.True((await factory.MakeSupportAsync(existing.Email!)).AlreadySupport);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(existing.Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/support")).StatusCode);
    }
}

