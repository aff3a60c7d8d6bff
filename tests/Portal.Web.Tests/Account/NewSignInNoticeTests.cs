using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>A sign-in from a browser that never signed in to the account before is e-mailed and audited; the same browser again is not.</summary>
public sealed class NewSignInNoticeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Subject = "New login to your Portal account";
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    [Fact]
    public async Task A_second_browser_gets_a_notice_once_and_the_first_browser_never()
    {
        var user = await factory.Data.UserAsync();
        var office = factory.CreatePortalClient();
        await office.LoginOkAsync(user.Email!);
        await office.LoginOkAsync(user.Email!);
        await factory.Mailbox.AssertNoneToAsync(user.Email!);

        var laptop = factory.CreatePortalClient();
        laptop.Http.DefaultRequestHeaders.UserAgent.ParseAdd(Firefox);
        await laptop.LoginOkAsync(user.Email!);

        var notice = await factory.Mailbox.WaitForAsync(user.Email!, Subject);
        Assert.Contains("Firefox · Windows", notice.Text, StringComparison.Ordinal);
        Assert.Contains(PortalFactory.BaseUrl + "/account/security/sessions", notice.Text, StringComparison.Ordinal);
        await factory.WithDbAsync(async db => Assert.Equal(1, await db.AuditEvents.CountAsync(
            e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.LoginFromNewBrowser)));

        // The same two browsers again: nothing new.
        await laptop.LoginOkAsync(user.Email!);
        await office.LoginOkAsync(user.Email!);
        await Task.Delay(500);
        Assert.Single(factory.Mailbox.To(user.Email!), m => m.Subject.Contains(Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_person_signing_in_from_several_browsers_at_once_gets_in_everywhere()
    {
        // A fresh account (no stored language, no known browser): every sign-in races to store both.
        // Four, within the five attempts the lockout lets run at once.
        var user = await factory.Data.UserAsync();
        var browsers = Enumerable.Range(0, 4).Select(_ => factory.CreatePortalClient()).ToList();

        var answers = await Task.WhenAll(browsers.Select(b => b.LoginAsync(user.Email!, TestData.Password)));

        Assert.True(answers.All(a => a.StatusCode == System.Net.HttpStatusCode.Redirect),
            string.Join(", ", answers.Select(a => (int)a.StatusCode)) + "\n" + await factory.ReadLogAsync());

        await factory.WithDbAsync(async db =>
        {
            Assert.NotNull(await db.Users.Where(u => u.Id == user.Id).Select(u => u.PreferredLanguage).SingleAsync());
            Assert.Equal(4, await db.KnownBrowsers.CountAsync(b => b.UserId == user.Id));
            Assert.Equal(4, await db.AuditEvents.CountAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.LoginSucceeded));
            Assert.NotNull(await db.Users.Where(u => u.Id == user.Id).Select(u => u.LastLoginAt).SingleAsync());
        });
    }
}
