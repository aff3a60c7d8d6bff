using System.Net;
using System.Text.RegularExpressions;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>
/// OWASP ASVS 5.0 V16.2.5: no password, TOTP key, code or token in the logs. The flows run with
/// values of their own, then the portal's captured log files are searched for every one of them.
/// </summary>
public sealed class LogSecrecyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string SentinelPassword = "Sentinel-Quartz-Lagoon-4471";
    private const string SentinelNewPassword = "Sentinel-Meadow-Falcon-9923";

    [Fact]
    public async Task Two_factor_and_reset_flows_leave_no_password_key_code_or_token_in_the_logs()
    {
        var secrets = new List<string> { SentinelPassword, SentinelNewPassword };
        var user = await factory.Data.UserAsync(password: SentinelPassword);
        var backup = TestData.NewEmail("private");
        await factory.SetVerifiedBackupEmailAsync(user, backup);

        // Enrol through the page: the key and the confirmation code.
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!, SentinelPassword);
        var addPage = await client.GetPageAsync("/account/security/authenticators/add");
        var key = addPage.QuerySelector("[data-testid=authenticator-key]")!.TextContent;
        var secret = Totp.FromBase32(key);
        var enrolmentCode = Totp.Code(secret, factory.Clock.GetUtcNow());
        secrets.AddRange([key, key.Replace(" ", "", StringComparison.Ordinal), Convert.ToBase64String(secret), enrolmentCode]);
        secrets.Add(addPage.QuerySelector("input[name='Input.State']")!.GetAttribute("value")!);
        var shown = await client.SubmitAndFollowAsync(addPage, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "iPhone",
            ["Input.Code"] = enrolmentCode,
        });
        var backupCodes = shown.QuerySelectorAll("[data-testid=backup-codes] code").Select(c => c.TextContent).ToList();
        secrets.AddRange(backupCodes);

        // Log in with a wrong code, then the right one, then a replay of it.
        var login = factory.CreatePortalClient();
        var codePage = await login.LoginToSecondStepAsync(user.Email!, password: SentinelPassword);
        var wrong = TwoFactorSteps.WrongCode(secret, factory.Clock.GetUtcNow());
        var code = factory.NextCode(secret);
        secrets.AddRange([wrong, code]);
        await login.SubmitCodeAsync(codePage, wrong);
        Assert.Equal(HttpStatusCode.Redirect, (await login.SubmitCodeAsync(codePage, code)).StatusCode);
        var replay = factory.CreatePortalClient();
        await replay.SubmitCodeAsync(await replay.LoginToSecondStepAsync(user.Email!, password: SentinelPassword), code);

        // A backup code, and a code sent to the backup e-mail.
        var recovery = factory.CreatePortalClient();
        var recoveryPage = await recovery.GetPageAsync((await recovery.LoginToSecondStepAsync(user.Email!, password: SentinelPassword))
            .QuerySelector("a[href^='/login/recovery']")!.GetAttribute("href")!);
        await recovery.SubmitAsync(recoveryPage, "form[action*='handler=BackupCode']", new Dictionary<string, string> { ["BackupCode.Code"] = backupCodes[0] });
        var emailed = factory.CreatePortalClient();
        var emailedPage = await emailed.GetPageAsync((await emailed.LoginToSecondStepAsync(user.Email!, password: SentinelPassword))
            .QuerySelector("a[href^='/login/recovery']")!.GetAttribute("href")!);
        emailedPage = await emailed.SubmitAndFollowAsync(emailedPage, "form[action*='handler=SendEmailCode']");
        var emailCode = await factory.EmailedCodeAsync(backup);
        secrets.Add(emailCode);
        Assert.Equal(HttpStatusCode.Redirect, (await emailed.SubmitAsync(emailedPage, "form[action*='handler=EmailCode']",
            new Dictionary<string, string> { ["EmailCode.Code"] = emailCode })).StatusCode);

        // A password reset through its e-mailed token.
        var reset = factory.CreatePortalClient();
        await reset.SubmitAsync(await reset.GetPageAsync("/forgot-password"), "main form", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var link = Mailbox.LinkIn(await factory.Mailbox.WaitForAsync(user.Email!, "Reset your Portal password"), "/reset-password");
        var token = Uri.UnescapeDataString(Regex.Match(link, "token=([^&]+)").Groups[1].Value);
        secrets.Add(token);
        await reset.SubmitAsync(await reset.GetPageAsync(link), "main form", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = SentinelNewPassword,
            ["Input.ConfirmPassword"] = SentinelNewPassword,
        });

        var log = await ReadLogsAsync();
        Assert.Contains("/login/2fa", log);
        Assert.Contains("/login/recovery", log);
        foreach (var value in secrets)
        {
            // Codes are digits: only a whole number counts, not digits inside a timestamp.
            var found = value.All(char.IsAsciiDigit)
                ? Regex.IsMatch(log, $"(?<![0-9]){value}(?![0-9])")
                : log.Contains(value, StringComparison.OrdinalIgnoreCase);
            Assert.False(found, $"A secret of {value.Length} characters is in the log");
        }
    }

    private async Task<string> ReadLogsAsync()
    {
        // The file sink writes through; give the last request's line a moment.
        await Task.Delay(300);
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(factory.LogDirectory))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
