using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;
using QRCoder;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>Turning on two-factor authentication at /account/security/authenticators/add.</summary>
public sealed class EnrolmentTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string AddPage = "/account/security/authenticators/add";

    [Fact]
    public async Task Enrolment_with_a_code_computed_from_the_key_on_the_page_turns_two_factor_on_and_shows_ten_backup_codes_once()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var page = await client.GetPageAsync(AddPage);
        var key = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent;
        Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", key);
        var secret = Totp.FromBase32(key);
        Assert.Equal(20, secret.Length);
        // The key is typed with spaces, as the app shows the code ("123 456").
        var code = Totp.Code(secret, factory.Clock.GetUtcNow());
        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "iPhone",
            ["Input.Code"] = code[..3] + " " + code[3..],
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var shown = await client.FollowAsync(response);
        var codes = shown.QuerySelectorAll("[data-testid=backup-codes] code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[2-9a-z]{5}-[2-9a-z]{5}$", c));
        Assert.Equal(10, codes.Distinct().Count());

        // Shown once: coming back finds only the count.
        var again = await client.GetAsync("/account/security/backup-codes/new");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var overview = await client.GetPageAsync("/account/security");
        Assert.Equal("On", overview.QuerySelector("[data-testid=two-factor-status]")!.TextContent);
        Assert.Contains("iPhone", overview.QuerySelector("[data-testid=authenticators]")!.TextContent);
        Assert.Contains("10 of 10", overview.QuerySelector("[data-testid=backup-codes-left]")!.TextContent);
        Assert.DoesNotContain(codes[0], overview.DocumentElement.OuterHtml);

        await factory.Mailbox.WaitForAsync(user.Email!, "authenticator app was added");
        await factory.WithDbAsync(async db =>
        {
            Assert.True(await db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync());
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.AuthenticatorAdded));
            Assert.Equal(10, await db.BackupCodes.CountAsync(c => c.UserId == user.Id));
        });
    }

    [Fact]
    public async Task Qr_code_encodes_exactly_the_otpauth_uri_of_the_key_shown()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var page = await client.GetPageAsync(AddPage);
        var key = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var src = page.QuerySelector("img[data-testid=qr-code]")!.GetAttribute("src")!;

        var expectedUri = $"otpauth://totp/Portal:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=Portal&algorithm=SHA1&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(expectedUri, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        Assert.Equal("data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg.GetGraphic(5))), src);
    }

    [Fact]
    public async Task Secret_is_encrypted_in_the_form_and_at_rest()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync(AddPage);
        var key = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal);

        var hiddenFields = string.Join(" ", page.QuerySelectorAll("main form input[type=hidden]").Select(i => i.GetAttribute("value")));
        Assert.DoesNotContain(key, hiddenFields, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Totp.FromBase32(key)), hiddenFields, StringComparison.Ordinal);

        var secret = Totp.FromBase32(key);
        await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Office phone",
            ["Input.Code"] = Totp.Code(secret, factory.Clock.GetUtcNow()),
        });
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Authenticators.Where(a => a.UserId == user.Id).Select(a => a.ProtectedSecret).SingleAsync();
            Assert.DoesNotContain(key, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(secret), stored, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Wrong_code_adds_nothing_and_keeps_the_same_key()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync(AddPage);
        var key = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent;
        var wrong = TwoFactorSteps.WrongCode(Totp.FromBase32(key), factory.Clock.GetUtcNow());

        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Name"] = "iPhone", ["Input.Code"] = wrong });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await PortalClient.ParseAsync(response);
        Assert.Contains("This code is not correct", PortalClient.Errors(again));
        Assert.Equal(key, again.QuerySelector("[data-testid=authenticator-key]")!.TextContent);
        await factory.WithDbAsync(async db => Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == user.Id)));
    }

    [Fact]
    public async Task Enrolment_left_open_for_more_than_10_minutes_starts_again_with_a_new_key()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync(AddPage);
        var key = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent;

        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "iPhone",
            ["Input.Code"] = Totp.Code(Totp.FromBase32(key), factory.Clock.GetUtcNow()),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await PortalClient.ParseAsync(response);
        Assert.Contains("expired", PortalClient.Errors(again));
        Assert.NotEqual(key, again.QuerySelector("[data-testid=authenticator-key]")!.TextContent);
        await factory.WithDbAsync(async db => Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == user.Id)));
    }

    [Fact]
    public async Task Enrolment_form_of_one_person_cannot_be_completed_by_another()
    {
        var victim = await factory.Data.UserAsync();
        var attacker = await factory.Data.UserAsync();
        var victimClient = factory.CreatePortalClient();
        await victimClient.LoginOkAsync(victim.Email!);
        var attackerClient = factory.CreatePortalClient();
        await attackerClient.LoginOkAsync(attacker.Email!);
        var victimPage = await victimClient.GetPageAsync(AddPage);
        var state = victimPage.QuerySelector("input[name='Input.State']")!.GetAttribute("value")!;
        var key = victimPage.QuerySelector("[data-testid=authenticator-key]")!.TextContent;

        var attackerPage = await attackerClient.GetPageAsync(AddPage);
        var response = await attackerClient.SubmitAsync(attackerPage, "main form", new Dictionary<string, string>
        {
            ["Input.State"] = state,
            ["Input.Name"] = "Planted",
            ["Input.Code"] = Totp.Code(Totp.FromBase32(key), factory.Clock.GetUtcNow()),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await factory.WithDbAsync(async db =>
            Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == attacker.Id || a.UserId == victim.Id)));
    }

    [Fact]
    public async Task A_second_authenticator_keeps_the_backup_codes_and_both_apps_sign_in()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var iphone = await client.EnrolThroughPageAsync("iPhone");
        var office = await client.EnrolThroughPageAsync("Office phone");

        Assert.Equal(10, iphone.BackupCodes.Count);
        Assert.Empty(office.BackupCodes);
        var overview = await client.GetPageAsync("/account/security");
        var names = overview.QuerySelectorAll("[data-testid=authenticators] tbody tr td:first-child").Select(td => td.TextContent).ToList();
        Assert.Equal(["iPhone", "Office phone"], names);

        await factory.CreatePortalClient().LoginWithCodeAsync(user.Email!, iphone.Secret);
        await factory.CreatePortalClient().LoginWithCodeAsync(user.Email!, office.Secret);
    }

    [Fact]
    public async Task Backup_codes_download_as_a_text_file_with_every_code()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var page = await client.GetPageAsync(AddPage);
        var secret = Totp.FromBase32(page.QuerySelector("[data-testid=authenticator-key]")!.TextContent);
        var shown = await client.SubmitAndFollowAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "iPhone",
            ["Input.Code"] = Totp.Code(secret, factory.Clock.GetUtcNow()),
        });
        var codes = shown.QuerySelectorAll("[data-testid=backup-codes] code").Select(c => c.TextContent).ToList();
        Assert.DoesNotContain(shown.QuerySelectorAll("input[type=hidden]"), i => codes.Any(c => i.GetAttribute("value")!.Contains(c, StringComparison.Ordinal)));

        var download = await client.SubmitAsync(shown, "form[action*='handler=Download']");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/plain", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("portal-backup-codes.txt", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        var text = await download.Content.ReadAsStringAsync();
        Assert.All(codes, c => Assert.Contains(c, text));
        Assert.Contains(user.Email!, text);
    }
}
