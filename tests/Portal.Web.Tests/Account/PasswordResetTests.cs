using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class PasswordResetTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string NewPassword = "Lantern-Orchard-Velvet-91";

    [Fact]
    public async Task Reset_through_the_emailed_link_sets_the_new_password_and_signs_out_other_sessions()
    {
        var user = await factory.Data.UserAsync();
        var elsewhere = factory.CreatePortalClient();
        await elsewhere.LoginOkAsync(user.Email!);
        var client = factory.CreatePortalClient();

        var link = await RequestResetLinkAsync(client, user.Email!);
        var form = await client.GetPageAsync(link);
        var done = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal("/login", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreatePortalClient().LoginAsync(user.Email!, TestData.Password)).StatusCode);
        await factory.CreatePortalClient().LoginOkAsync(user.Email!, NewPassword);
        // The session opened before the reset is over.
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/account/security")).StatusCode);
        await factory.Mailbox.WaitForAsync(user.Email!, "password was changed");
    }

    [Fact]
    public async Task A_reset_link_works_only_once()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        var link = await RequestResetLinkAsync(client, user.Email!);
        await SetPasswordAsync(client, link, NewPassword);

        var second = await SetPasswordAsync(client, link, "Another-Fresh-Passphrase-55");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await PortalClient.ParseAsync(second);
        Assert.NotNull(page.QuerySelector("[data-testid=link-invalid]"));
        await factory.CreatePortalClient().LoginOkAsync(user.Email!, NewPassword);
    }

    [Fact]
    public async Task A_reset_link_expires_after_one_hour()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        var link = await RequestResetLinkAsync(client, user.Email!);

        factory.Clock.Advance(TimeSpan.FromMinutes(61));
        var response = await SetPasswordAsync(client, link, NewPassword);

        Assert.NotNull((await PortalClient.ParseAsync(response)).QuerySelector("[data-testid=link-invalid]"));
        await factory.CreatePortalClient().LoginOkAsync(user.Email!, TestData.Password);
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        var link = await RequestResetLinkAsync(client, user.Email!);

        var response = await SetPasswordAsync(client, link[..^4] + "AAAA", NewPassword);

        Assert.NotNull((await PortalClient.ParseAsync(response)).QuerySelector("[data-testid=link-invalid]"));
    }

    [Fact]
    public async Task Unknown_email_gets_the_same_answer_and_no_mail()
    {
        var unknown = TestData.NewEmail("nobody");
        var client = factory.CreatePortalClient();
        var page = await client.GetPageAsync("/forgot-password");

        var answer = await client.FollowAsync(await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = unknown }));

        Assert.Contains("If an account exists for that address", answer.QuerySelector("[data-testid=reset-sent]")!.TextContent);
        await factory.Mailbox.AssertNoneToAsync(unknown);
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_with_the_reason()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        var link = await RequestResetLinkAsync(client, user.Email!);

        var response = await SetPasswordAsync(client, link, "password1234");

        Assert.Contains("too easy to guess", PortalClient.Errors(await PortalClient.ParseAsync(response)));
    }

    private async Task<string> RequestResetLinkAsync(PortalClient client, string email)
    {
        var page = await client.GetPageAsync("/forgot-password");
        var answer = await client.FollowAsync(await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = email }));
        Assert.NotNull(answer.QuerySelector("[data-testid=reset-sent]"));
        var mail = await factory.Mailbox.WaitForAsync(email, "Reset your Portal password");
        return Mailbox.LinkIn(mail, "/reset-password");
    }

    private static async Task<HttpResponseMessage> SetPasswordAsync(PortalClient client, string link, string password)
    {
        var form = await client.GetPageAsync(link);
        return await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }
}
