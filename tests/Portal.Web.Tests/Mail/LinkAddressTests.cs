using System.Net;
using AngleSharp.Html.Parser;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Mail;

/// <summary>
/// Links in e-mails never follow the request's Host header (OWASP ASVS 5.0 V3.5; design.md): a
/// forged Host on "forgot password" must not put an attacker's site into the reset link. Without a
/// configured public address the portal uses the address it listens on.
/// </summary>
public sealed class LinkAddressTests : IAsyncLifetime
{
    private readonly string _mail = Path.Combine(Path.GetTempPath(), "portal-link-mail", Guid.NewGuid().ToString("N"));
    private string _database = "";

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("portal_test_links");

    public async Task DisposeAsync()
    {
        await TestDatabase.DropAsync(_database);
        if (Directory.Exists(_mail))
        {
            Directory.Delete(_mail, recursive: true);
        }
    }

    [Fact]
    public async Task A_forged_host_header_does_not_reach_the_reset_link()
    {
        await using var portal = await PortalProcess.StartAsync(_database, new Dictionary<string, string>
        {
            ["Portal__PublicBaseUrl"] = "",
            ["Mail__PickupDirectory"] = _mail,
        });
        const string email = "reset.me@office.test";
        await SeedUserAsync(email);

        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false });
        var form = await http.GetStringAsync(portal.Url + "/forgot-password");
        var token = new HtmlParser().ParseDocument(form).QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, portal.Url + "/forgot-password")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Host = "evil.example";
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var message = await new Mailbox(_mail).WaitForAsync(email, "Reset");
        var link = Assert.Single(message.Links(), l => l.Contains("/reset-password", StringComparison.Ordinal));
        Assert.StartsWith(portal.Url + "/reset-password?", link, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", message.Text + message.Html, StringComparison.Ordinal);
    }

    private async Task SeedUserAsync(string email)
    {
        // An account with a random password nobody knows, as support staff get it from the command line.
        var (exitCode, output) = await PortalProcess.RunCommandAsync(_database, "support", "add", email);
        Assert.True(exitCode == 0, output);
    }
}
