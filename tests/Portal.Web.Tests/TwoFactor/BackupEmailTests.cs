using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>/account/security/backup-email: add, verify by link, change, remove — password required, notices to both addresses.</summary>
public sealed class BackupEmailTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Page = "/account/security/backup-email";

    [Fact]
    public async Task Adding_needs_the_password_and_works_only_after_the_link_is_confirmed()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        var backup = TestData.NewEmail("private");

        var refused = await ChangeAsync(client, backup, "Not-My-Password-000");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("password is not correct", PortalClient.Errors(await PortalClient.ParseAsync(refused)));
        await factory.Mailbox.AssertNoneToAsync(backup);

        var response = await ChangeAsync(client, backup, TestData.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var overview = await client.GetPageAsync("/account/security");
        Assert.Contains("Waiting for confirmation", overview.QuerySelector("[data-testid=backup-email]")!.TextContent);
        await factory.Mailbox.WaitForAsync(user.Email!, "backup e-mail of your Portal account was changed");
        await AssertAuditedAsync(user.Id, AuditEventTypes.BackupEmailChanged);
        Assert.False(await RecoveryOffersEmailAsync(user.Email!));

        // Opened on another device, not signed in. A GET alone (a mail scanner) changes nothing.
        var link = Mailbox.LinkIn(await factory.Mailbox.WaitForAsync(backup, "Confirm your backup e-mail"), "/verify-backup-email");
        var elsewhere = factory.CreatePortalClient();
        var confirmPage = await elsewhere.GetPageAsync(link);
        Assert.False(await RecoveryOffersEmailAsync(user.Email!));
        var confirmed = await elsewhere.SubmitAsync(confirmPage, "main form");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(await RecoveryOffersEmailAsync(user.Email!));
        await AssertAuditedAsync(user.Id, AuditEventTypes.BackupEmailVerified);
        overview = await client.GetPageAsync("/account/security");
        Assert.Contains("Confirmed", overview.QuerySelector("[data-testid=backup-email]")!.TextContent);
    }

    [Fact]
    public async Task Changing_notifies_the_old_address_and_the_old_link_stops_working()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        var first = TestData.NewEmail("first");
        var second = TestData.NewEmail("second");
        await ChangeAsync(client, first, TestData.Password);
        var firstLink = Mailbox.LinkIn(await factory.Mailbox.WaitForAsync(first, "Confirm your backup e-mail"), "/verify-backup-email");

        await ChangeAsync(client, second, TestData.Password);

        await factory.Mailbox.WaitForAsync(first, "no longer a backup e-mail");
        var anonymous = factory.CreatePortalClient();
        var stale = await anonymous.SubmitAsync(await anonymous.GetPageAsync(firstLink), "main form");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.NotNull((await PortalClient.ParseAsync(stale)).QuerySelector("[data-testid=link-invalid]"));
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Users.Where(u => u.Id == user.Id).Select(u => new { u.BackupEmail, u.BackupEmailVerifiedAt }).SingleAsync();
            Assert.Equal(second, stored.BackupEmail);
            Assert.Null(stored.BackupEmailVerifiedAt);
        });
    }

    [Fact]
    public async Task Removing_needs_the_password_and_notifies_both_addresses()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var backup = TestData.NewEmail("private");
        await factory.SetVerifiedBackupEmailAsync(user, backup);
        var client = factory.CreatePortalClient();
        await client.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        var other = factory.CreatePortalClient();
        await other.LoginWithCodeAsync(user.Email!, enrolled.Secret);
        var page = await client.GetPageAsync(Page);

        var refused = await client.SubmitAsync(page, "form[action*='handler=Remove']", new Dictionary<string, string> { ["Remove.Password"] = "Not-My-Password-000" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var response = await client.SubmitAsync(page, "form[action*='handler=Remove']", new Dictionary<string, string> { ["Remove.Password"] = TestData.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await other.IsSignedInAsync());
        Assert.False(await RecoveryOffersEmailAsync(user.Email!));
        await factory.Mailbox.WaitForAsync(user.Email!, "backup e-mail of your Portal account was removed");
        await factory.Mailbox.WaitForAsync(backup, "no longer a backup e-mail");
        await AssertAuditedAsync(user.Id, AuditEventTypes.BackupEmailRemoved);
    }

    [Fact]
    public async Task The_login_address_is_refused_as_backup_email()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);

        var response = await ChangeAsync(client, user.Email!.ToUpperInvariant(), TestData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("other than the one you log in with", PortalClient.Errors(await PortalClient.ParseAsync(response)));
    }

    [Fact]
    public async Task Confirmation_link_expires_after_24_hours()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        var backup = TestData.NewEmail("private");
        await ChangeAsync(client, backup, TestData.Password);
        var link = Mailbox.LinkIn(await factory.Mailbox.WaitForAsync(backup, "Confirm your backup e-mail"), "/verify-backup-email");

        factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var anonymous = factory.CreatePortalClient();
        var response = await anonymous.SubmitAsync(await anonymous.GetPageAsync(link), "main form");

        Assert.NotNull((await PortalClient.ParseAsync(response)).QuerySelector("[data-testid=link-invalid]"));
        await factory.WithDbAsync(async db =>
            Assert.Null(await db.Users.Where(u => u.Id == user.Id).Select(u => u.BackupEmailVerifiedAt).SingleAsync()));
    }

    private static async Task<HttpResponseMessage> ChangeAsync(PortalClient client, string address, string password)
    {
        var page = await client.GetPageAsync(Page);
        return await client.SubmitAsync(page, "form[action*='handler=Change']", new Dictionary<string, string>
        {
            ["Change.Email"] = address,
            ["Change.Password"] = password,
        });
    }

    private async Task<bool> RecoveryOffersEmailAsync(string email)
    {
        var client = factory.CreatePortalClient();
        var codePage = await client.LoginToSecondStepAsync(email);
        IHtmlDocument recovery = await client.GetPageAsync(codePage.QuerySelector("a[href^='/login/recovery']")!.GetAttribute("href")!);
        return recovery.QuerySelector("form[action*='handler=SendEmailCode']") is not null;
    }

    private Task AssertAuditedAsync(Guid userId, string type) => factory.WithDbAsync(async db =>
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == type && e.ActorUserId == userId), $"No audit event {type}"));
}
