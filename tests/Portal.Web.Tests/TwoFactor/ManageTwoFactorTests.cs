using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>
/// /account/security: rename and remove authenticators, new backup codes, turning 2FA off. Every
/// change is audited, e-mailed to the person and signs out their other sessions.
/// </summary>
public sealed class ManageTwoFactorTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string WrongPassword = "Not-My-Password-000";

    [Fact]
    public async Task Removing_an_authenticator_needs_the_password()
    {
        var (user, client, _) = await SignedInWithTwoAuthenticatorsAsync();
        var id = await AuthenticatorIdAsync(user.Id, "iPhone");
        var page = await client.GetPageAsync($"/account/security/authenticators/{id}/remove");

        var refused = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = WrongPassword });
        var empty = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = "" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("password is not correct", PortalClient.Errors(await PortalClient.ParseAsync(refused)));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.Id == id)));
    }

    [Fact]
    public async Task Moving_to_a_new_phone_adds_it_then_removes_the_old_one_with_a_notice_audit_and_other_sessions_signed_out()
    {
        var user = await factory.Data.UserAsync();
        var oldPhone = await factory.EnrolAsync(user, "Old phone");
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, oldPhone.Secret);
        var newPhone = await client.EnrolThroughPageAsync("New phone");
        var otherSession = factory.CreatePortalClient();
        await otherSession.LoginWithCodeAsync(user.Email!, newPhone.Secret);

        var oldId = await AuthenticatorIdAsync(user.Id, "Old phone");
        var page = await client.GetPageAsync($"/account/security/authenticators/{oldId}/remove");
        Assert.Null(page.QuerySelector("[data-testid=last-authenticator]"));
        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = TestData.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await client.IsSignedInAsync());
        Assert.False(await otherSession.IsSignedInAsync());
        await factory.Mailbox.WaitForAsync(user.Email!, "authenticator app was removed");
        await AssertAuditedAsync(user.Id, AuditEventTypes.AuthenticatorRemoved);

        var withOldCode = factory.CreatePortalClient();
        var codePage = await withOldCode.LoginToSecondStepAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await withOldCode.SubmitCodeAsync(codePage, factory.NextCode(oldPhone.Secret))).StatusCode);
        await factory.CreatePortalClient().LoginWithCodeAsync(user.Email!, newPhone.Secret);
    }

    [Fact]
    public async Task Removing_the_last_authenticator_turns_two_factor_off()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        var id = await AuthenticatorIdAsync(user.Id, "iPhone");
        var page = await client.GetPageAsync($"/account/security/authenticators/{id}/remove");
        Assert.NotNull(page.QuerySelector("[data-testid=last-authenticator]"));

        await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = TestData.Password });

        await factory.CreatePortalClient().LoginOkAsync(user.Email!);
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync());
            Assert.False(await db.BackupCodes.AnyAsync(c => c.UserId == user.Id));
        });
    }

    [Fact]
    public async Task Renaming_sends_a_notice_is_audited_and_signs_out_other_sessions()
    {
        var (user, client, other) = await SignedInWithTwoAuthenticatorsAsync();
        var id = await AuthenticatorIdAsync(user.Id, "Office phone");
        var page = await client.GetPageAsync($"/account/security/authenticators/{id}/rename");

        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Name"] = "Reception phone" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var overview = await client.GetPageAsync("/account/security");
        Assert.Contains("Reception phone", overview.QuerySelector("[data-testid=authenticators]")!.TextContent);
        Assert.False(await other.IsSignedInAsync());
        await factory.Mailbox.WaitForAsync(user.Email!, "was renamed");
        await AssertAuditedAsync(user.Id, AuditEventTypes.AuthenticatorRenamed);
    }

    [Fact]
    public async Task Authenticators_of_another_person_are_404_on_rename_and_remove()
    {
        var owner = await factory.Data.UserAsync();
        await factory.EnrolAsync(owner);
        var ownerAuthenticator = await AuthenticatorIdAsync(owner.Id, "iPhone");
        var stranger = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(stranger.Email!);
        var ownPage = await client.GetPageAsync("/account/security");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/account/security/authenticators/{ownerAuthenticator}/rename")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/account/security/authenticators/{ownerAuthenticator}/remove")).StatusCode);
        var forged = await client.Http.PostAsync($"/account/security/authenticators/{ownerAuthenticator}/remove", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ownPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Input.Password"] = TestData.Password,
        }));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.Id == ownerAuthenticator)));
    }

    [Fact]
    public async Task New_backup_codes_need_the_password_and_void_the_old_set()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        var page = await client.GetPageAsync("/account/security/backup-codes");

        var refused = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = WrongPassword });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var shown = await client.SubmitAndFollowAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = TestData.Password });
        var newCodes = shown.QuerySelectorAll("[data-testid=backup-codes] code").Select(c => c.TextContent).ToList();

        Assert.Equal(10, newCodes.Count);
        Assert.Empty(newCodes.Intersect(enrolled.BackupCodes));
        await factory.Mailbox.WaitForAsync(user.Email!, "New backup codes");
        await AssertAuditedAsync(user.Id, AuditEventTypes.BackupCodesGenerated);
        Assert.False(await SignsInWithBackupCodeAsync(user.Email!, enrolled.BackupCodes[0]));
        Assert.True(await SignsInWithBackupCodeAsync(user.Email!, newCodes[0]));
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public async Task Security_page_warns_when_three_or_fewer_backup_codes_are_left(int left, bool warns)
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        await factory.WithDbAsync(async db =>
        {
            var used = await db.BackupCodes.Where(c => c.UserId == user.Id).Take(10 - left).Select(c => c.Id).ToListAsync();
            await db.BackupCodes.Where(c => used.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, DateTimeOffset.UtcNow));
        });

        var overview = await client.GetPageAsync("/account/security");

        Assert.Contains($"{left} of 10", overview.QuerySelector("[data-testid=backup-codes-left]")!.TextContent);
        Assert.Equal(warns, overview.QuerySelector("[data-testid=backup-codes-low]") is not null);
    }

    [Fact]
    public async Task Turning_two_factor_off_needs_the_password_and_removes_every_second_factor()
    {
        var (user, client, other) = await SignedInWithTwoAuthenticatorsAsync();
        var page = await client.GetPageAsync("/account/security/two-factor/off");

        var refused = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = WrongPassword });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == user.Id)));

        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = TestData.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var overview = await client.GetPageAsync("/account/security");
        Assert.Equal("Off", overview.QuerySelector("[data-testid=two-factor-status]")!.TextContent);
        Assert.False(await other.IsSignedInAsync());
        await factory.Mailbox.WaitForAsync(user.Email!, "turned off");
        await AssertAuditedAsync(user.Id, AuditEventTypes.TwoFactorDisabled);
        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Authenticators.AnyAsync(a => a.UserId == user.Id));
            Assert.False(await db.BackupCodes.AnyAsync(c => c.UserId == user.Id));
            Assert.False(await db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync());
        });
        await factory.CreatePortalClient().LoginOkAsync(user.Email!);
    }

    [Fact]
    public async Task Wrong_passwords_on_security_pages_count_towards_the_lockout()
    {
        var (user, client, _) = await SignedInWithTwoAuthenticatorsAsync();
        var page = await client.GetPageAsync("/account/security/two-factor/off");
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = WrongPassword + i });
        }

        var rightPassword = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = TestData.Password });

        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode);
        await factory.WithDbAsync(async db => Assert.True(await db.Authenticators.AnyAsync(a => a.UserId == user.Id)));
    }

    /// <summary>Someone with two authenticators ("iPhone", "Office phone"), signed in twice: <c>client</c> makes changes, <c>other</c> is another session.</summary>
    private async Task<(Portal.Core.Accounts.PortalUser User, PortalClient Client, PortalClient Other)> SignedInWithTwoAuthenticatorsAsync()
    {
        var user = await factory.Data.UserAsync();
        var iphone = await factory.EnrolAsync(user, "iPhone");
        await factory.EnrolAsync(user, "Office phone");
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, iphone.Secret);
        var other = factory.CreatePortalClient();
        await other.LoginWithCodeAsync(user.Email!, iphone.Secret);
        return (user, client, other);
    }

    private async Task<bool> SignsInWithBackupCodeAsync(string email, string code)
    {
        var client = factory.CreatePortalClient();
        var codePage = await client.LoginToSecondStepAsync(email);
        var recovery = await client.GetPageAsync(codePage.QuerySelector("a[href^='/login/recovery']")!.GetAttribute("href")!);
        var response = await client.SubmitAsync(recovery, "form[action*='handler=BackupCode']", new Dictionary<string, string> { ["BackupCode.Code"] = code });
        return PortalClient.IsRedirect(response.StatusCode);
    }

    private async Task<Guid> AuthenticatorIdAsync(Guid userId, string name)
    {
        var id = Guid.Empty;
        await factory.WithDbAsync(async db => id = await db.Authenticators.Where(a => a.UserId == userId && a.Name == name).Select(a => a.Id).SingleAsync());
        return id;
    }

    private Task AssertAuditedAsync(Guid userId, string type) => factory.WithDbAsync(async db =>
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == type && e.ActorUserId == userId), $"No audit event {type}"));
}
