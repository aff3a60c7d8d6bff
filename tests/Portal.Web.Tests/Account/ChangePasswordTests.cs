using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class ChangePasswordTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string NewPassword = "Granite-Meadow-Compass-38";

    [Fact]
    public async Task Change_keeps_this_session_ends_the_others_and_sends_a_notice()
    {
        var user = await factory.Data.UserAsync();
        var other = factory.CreatePortalClient();
        await other.LoginOkAsync(user.Email!);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var response = await ChangeAsync(client, TestData.Password, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/security")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account/security")).StatusCode);
        await factory.CreatePortalClient().LoginOkAsync(user.Email!, NewPassword);
        await factory.Mailbox.WaitForAsync(user.Email!, "password was changed");
        await factory.WithDbAsync(async db =>
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.PasswordChanged)));
    }

    [Fact]
    public async Task Wrong_current_password_changes_nothing()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var response = await ChangeAsync(client, "Not-My-Password-000", NewPassword);

        Assert.Contains("current password is not correct", PortalClient.Errors(await PortalClient.ParseAsync(response)));
        await factory.CreatePortalClient().LoginOkAsync(user.Email!, TestData.Password);
    }

    [Fact]
    public async Task Guesses_at_the_current_password_count_towards_the_lockout()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        // Someone with a stolen session guesses the password here, several at once.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => ChangeAsync(client, $"Guess-Number-{i}-abc", NewPassword)));
        var right = await ChangeAsync(client, TestData.Password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var login = await factory.CreatePortalClient().LoginAsync(user.Email!, TestData.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("locked", PortalClient.Errors(await PortalClient.ParseAsync(login)));
    }

    [Theory]
    [InlineData("short-pw", "at least 12 characters")]
    [InlineData("qwertyuiop123", "too easy to guess")]
    [InlineData("Jozefien-Vermeersch-2026", "name or e-mail")]
    public async Task Weak_passwords_are_refused_with_the_reason(string password, string reason)
    {
        var user = await factory.Data.UserAsync(name: "Jozefien Vermeersch");
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var response = await ChangeAsync(client, TestData.Password, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(reason, PortalClient.Errors(await PortalClient.ParseAsync(response)));
    }

    private static async Task<HttpResponseMessage> ChangeAsync(PortalClient client, string current, string next)
    {
        var page = await client.GetPageAsync("/account/security");
        return await client.SubmitAsync(page, "form[action*='handler=ChangePassword']", new Dictionary<string, string>
        {
            ["Password.CurrentPassword"] = current,
            ["Password.NewPassword"] = next,
            ["Password.ConfirmPassword"] = next,
        });
    }
}
