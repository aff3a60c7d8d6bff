using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>OWASP ASVS 5.0 V7.5.2: people see their active sessions and can end any of them.</summary>
public sealed class SessionsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Sessions_are_listed_and_one_can_be_signed_out_from_another_device()
    {
        var user = await factory.Data.UserAsync();
        var phone = factory.CreatePortalClient();
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1");
        await phone.LoginOkAsync(user.Email!);
        var laptop = factory.CreatePortalClient();
        laptop.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0");
        await laptop.LoginOkAsync(user.Email!);

        var page = await laptop.GetPageAsync("/account/security/sessions");
        var rows = page.QuerySelectorAll("[data-testid=sessions] tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains(rows, r => r.TextContent.Contains("Firefox · Windows", StringComparison.Ordinal) && r.TextContent.Contains("This session", StringComparison.Ordinal));
        var phoneRow = rows.Single(r => r.TextContent.Contains("iPhone", StringComparison.Ordinal));

        await laptop.SubmitAsync(page, $"tr[data-session='{phoneRow.GetAttribute("data-session")}'] form");

        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/account/security")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/account/security")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_else_keeps_only_this_session()
    {
        var user = await factory.Data.UserAsync();
        var others = new[] { factory.CreatePortalClient(), factory.CreatePortalClient() };
        foreach (var other in others)
        {
            await other.LoginOkAsync(user.Email!);
        }

        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync("/account/security/sessions");

        await client.SubmitAsync(page, "form[action*='handler=SignOutOthers']");

        foreach (var other in others)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account/security")).StatusCode);
        }

        Assert.Single((await client.GetPageAsync("/account/security/sessions")).QuerySelectorAll("[data-testid=sessions] tbody tr"));
    }

    [Fact]
    public async Task Nobody_can_sign_out_someone_elses_session()
    {
        var victim = await factory.Data.UserAsync();
        var victimClient = factory.CreatePortalClient();
        await victimClient.LoginOkAsync(victim.Email!);
        var victimSession = await factory.WithServicesAsync(services =>
            services.GetRequiredService<Portal.Core.Data.PortalDbContext>().UserSessions.Where(s => s.UserId == victim.Id).Select(s => s.Id).SingleAsync());
        var attacker = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(attacker.Email!);
        var page = await client.GetPageAsync("/account/security/sessions");
        var token = page.QuerySelector("main input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        await client.Http.PostAsync($"/account/security/sessions?handler=SignOut&id={victimSession}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.OK, (await victimClient.GetAsync("/account/security")).StatusCode);
    }
}
