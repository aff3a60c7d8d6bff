using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>/login/recovery: signing in without the phone, with a backup code or a code sent to the backup e-mail.</summary>
public sealed class RecoveryLoginTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Backup_code_signs_in_once_sends_a_notice_and_prompts_to_add_an_authenticator()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var recovery = await OpenRecoveryAsync(client, user.Email!);

        // Typed as people do: upper case, without the hyphen.
        var response = await SubmitBackupCodeAsync(client, recovery, enrolled.BackupCodes[0].ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var landing = await client.FollowAsync(response);
        var prompt = landing.QuerySelector("[data-testid=security-prompt]")!;
        Assert.Contains("Backup codes left: 9", prompt.TextContent);
        Assert.Equal("/account/security/authenticators/add", prompt.QuerySelector("a")!.GetAttribute("href"));
        await factory.Mailbox.WaitForAsync(user.Email!, "backup code was used");
        await factory.WithDbAsync(async db =>
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.BackupCodeUsed)));

        var again = factory.CreatePortalClient();
        var refused = await SubmitBackupCodeAsync(again, await OpenRecoveryAsync(again, user.Email!), enrolled.BackupCodes[0]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("not correct or was already used", PortalClient.Errors(await PortalClient.ParseAsync(refused)));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_backup_code_sign_in_exactly_once()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var clients = Enumerable.Range(0, 20).Select(_ => factory.CreatePortalClient()).ToList();
        var pages = new List<IHtmlDocument>();
        foreach (var client in clients)
        {
            pages.Add(await OpenRecoveryAsync(client, user.Email!));
        }

        var responses = await Task.WhenAll(clients.Select((client, i) => SubmitBackupCodeAsync(client, pages[i], enrolled.BackupCodes[3])));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        await factory.WithDbAsync(async db =>
            Assert.Equal(1, await db.BackupCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt != null)));
    }

    [Fact]
    public async Task Wrong_backup_codes_count_towards_the_lockout()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var recovery = await OpenRecoveryAsync(client, user.Email!);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await SubmitBackupCodeAsync(client, recovery, $"wrong-code{i}");
        }

        Assert.Contains("locked", PortalClient.Errors(await PortalClient.ParseAsync(last)));
        var again = factory.CreatePortalClient();
        var withRightPassword = await again.LoginAsync(user.Email!, TestData.Password);
        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        await factory.WithDbAsync(async db =>
            Assert.Equal(0, await db.BackupCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt != null)));
    }

    [Fact]
    public async Task Backup_email_is_offered_only_when_it_is_verified()
    {
        var user = await factory.Data.UserAsync();
        await factory.EnrolAsync(user);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Users.SingleAsync(u => u.Id == user.Id);
            stored.BackupEmail = TestData.NewEmail("unverified");
            await db.SaveChangesAsync();
        });
        var client = factory.CreatePortalClient();

        var recovery = await OpenRecoveryAsync(client, user.Email!);

        Assert.Null(recovery.QuerySelector("form[action*='handler=SendEmailCode']"));
    }

    [Fact]
    public async Task Backup_email_code_signs_in_once_and_the_address_is_shown_masked()
    {
        var user = await factory.Data.UserAsync();
        await factory.EnrolAsync(user);
        var backup = TestData.NewEmail("private");
        await factory.SetVerifiedBackupEmailAsync(user, backup);
        var client = factory.CreatePortalClient();
        var recovery = await OpenRecoveryAsync(client, user.Email!);
        Assert.DoesNotContain(backup, recovery.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("p•••@o•••.test", recovery.QuerySelector("form[action*='handler=SendEmailCode']")!.TextContent);

        var codePage = await client.SubmitAndFollowAsync(recovery, "form[action*='handler=SendEmailCode']");
        var code = await factory.EmailedCodeAsync(backup);
        Assert.Equal(8, code.Length);
        var response = await client.SubmitAsync(codePage, "form[action*='handler=EmailCode']", new Dictionary<string, string> { ["EmailCode.Code"] = code });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await client.IsSignedInAsync());
        await factory.Mailbox.WaitForAsync(user.Email!, "backup e-mail was used");

        var again = factory.CreatePortalClient();
        var secondPage = await again.SubmitAndFollowAsync(await OpenRecoveryAsync(again, user.Email!), "form[action*='handler=SendEmailCode']");
        var reused = await again.SubmitAsync(secondPage, "form[action*='handler=EmailCode']", new Dictionary<string, string> { ["EmailCode.Code"] = code });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.False(await again.IsSignedInAsync());
    }

    [Theory]
    [InlineData(9, true)]
    [InlineData(10, false)]
    public async Task Backup_email_code_works_for_10_minutes(int minutesLater, bool works)
    {
        var user = await factory.Data.UserAsync();
        await factory.EnrolAsync(user);
        var backup = TestData.NewEmail("private");
        await factory.SetVerifiedBackupEmailAsync(user, backup);
        var client = factory.CreatePortalClient();
        await client.SubmitAndFollowAsync(await OpenRecoveryAsync(client, user.Email!), "form[action*='handler=SendEmailCode']");
        var code = await factory.EmailedCodeAsync(backup);

        // The half-done login itself lasts 5 minutes, so the code is typed into a fresh one.
        factory.Clock.Advance(TimeSpan.FromMinutes(minutesLater) + TimeSpan.FromSeconds(works ? 59 : 1));
        var later = factory.CreatePortalClient();
        var recovery = await OpenRecoveryAsync(later, user.Email!);
        var response = await later.Http.PostAsync("/login/recovery?handler=EmailCode", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = recovery.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["EmailCode.Code"] = code,
        }));

        Assert.Equal(works ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(works, await later.IsSignedInAsync());
    }

    [Fact]
    public async Task Asking_again_within_a_minute_sends_no_second_code()
    {
        var user = await factory.Data.UserAsync();
        await factory.EnrolAsync(user);
        var backup = TestData.NewEmail("private");
        await factory.SetVerifiedBackupEmailAsync(user, backup);
        var client = factory.CreatePortalClient();
        var page = await client.SubmitAndFollowAsync(await OpenRecoveryAsync(client, user.Email!), "form[action*='handler=SendEmailCode']");
        await factory.EmailedCodeAsync(backup);

        var again = await client.SubmitAndFollowAsync(page, "form[action*='handler=SendEmailCode']");

        Assert.Contains("less than a minute ago", again.QuerySelector("[role=status]")!.TextContent);
        await Task.Delay(500);
        Assert.Single(factory.Mailbox.To(backup));
    }

    private static async Task<IHtmlDocument> OpenRecoveryAsync(PortalClient client, string email)
    {
        var codePage = await client.LoginToSecondStepAsync(email);
        var link = codePage.QuerySelector("a[href^='/login/recovery']")!.GetAttribute("href")!;
        return await client.GetPageAsync(link);
    }

    private static Task<HttpResponseMessage> SubmitBackupCodeAsync(PortalClient client, IHtmlDocument page, string code) =>
        client.SubmitAsync(page, "form[action*='handler=BackupCode']", new Dictionary<string, string> { ["BackupCode.Code"] = code });
}
