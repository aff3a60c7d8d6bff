using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>
/// An attacker opens many sessions and sends guesses at the same moment, the right secret last
/// (NIST SP 800-63B §5.2.2; OWASP ASVS 5.0 V6.3.1): the lockout must hold although every guess
/// arrives before any verification has finished.
/// </summary>
public sealed class ConcurrentGuessTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const int Limit = 5;
    private const int Wrong = 19;

    [Fact]
    public async Task Parallel_wrong_passwords_then_the_right_one_are_all_refused()
    {
        var user = await factory.Data.UserAsync();
        var sessions = new List<(PortalClient Client, IHtmlDocument Page)>();
        for (var i = 0; i <= Wrong; i++)
        {
            var client = factory.CreatePortalClient();
            sessions.Add((client, await client.GetPageAsync("/login")));
        }

        var responses = await BurstAsync(sessions, (s, i) => s.Client.SubmitAsync(s.Page, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = i < Wrong ? $"Wrong-Password-{i}-xyz" : TestData.Password,
        }), user.Id);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.False(await sessions[^1].Client.IsSignedInAsync());
        await AssertAtMostLimitWrongSecretsAsync(user.Id);
    }

    [Fact]
    public async Task Parallel_wrong_backup_codes_then_the_right_one_are_all_refused()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var sessions = new List<(PortalClient Client, IHtmlDocument Page)>();
        for (var i = 0; i <= Wrong; i++)
        {
            var client = factory.CreatePortalClient();
            var codePage = await client.LoginToSecondStepAsync(user.Email!);
            sessions.Add((client, await client.GetPageAsync(codePage.QuerySelector("a[href^='/login/recovery']")!.GetAttribute("href")!)));
        }

        var responses = await BurstAsync(sessions, (s, i) => s.Client.SubmitAsync(s.Page, "form[action*='handler=BackupCode']",
            new Dictionary<string, string> { ["BackupCode.Code"] = i < Wrong ? $"wrong{i:D2}-guess" : enrolled.BackupCodes[0] }), user.Id);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.False(await sessions[^1].Client.IsSignedInAsync());
        await factory.WithDbAsync(async db =>
            Assert.Equal(0, await db.BackupCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt != null)));
        await AssertAtMostLimitWrongSecretsAsync(user.Id);
    }

    [Fact]
    public async Task Parallel_wrong_authenticator_codes_then_the_right_one_are_all_refused()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var sessions = new List<(PortalClient Client, IHtmlDocument Page)>();
        for (var i = 0; i <= Wrong; i++)
        {
            var client = factory.CreatePortalClient();
            sessions.Add((client, await client.LoginToSecondStepAsync(user.Email!)));
        }

        var now = factory.Clock.GetUtcNow();
        var right = Portal.Core.Mfa.Totp.Code(enrolled.Secret, now.AddSeconds(Portal.Core.Mfa.Totp.StepSeconds));
        var responses = await BurstAsync(sessions, (s, i) => s.Client.SubmitCodeAsync(s.Page, i < Wrong ? TwoFactorSteps.WrongCode(enrolled.Secret, now) : right), user.Id);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.False(await sessions[^1].Client.IsSignedInAsync());
        await AssertAtMostLimitWrongSecretsAsync(user.Id);
    }

    /// <summary>
    /// Every wrong guess at once, then the right one, sent while the wrong ones are still being
    /// answered. On a busy machine the right one could overtake requests that have not reached the
    /// server yet, so it waits until the burst has filled the lockout window (or two seconds passed).
    /// </summary>
    private async Task<HttpResponseMessage[]> BurstAsync(
        List<(PortalClient Client, IHtmlDocument Page)> sessions, Func<(PortalClient Client, IHtmlDocument Page), int, Task<HttpResponseMessage>> send, Guid userId)
    {
        var wrong = sessions.Take(sessions.Count - 1).Select((s, i) => Task.Run(() => send(s, i))).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline && !await factory.WithServicesAsync(services =>
                   services.GetRequiredService<PortalDbContext>().Users.AnyAsync(u => u.Id == userId && u.LockoutEnd != null)))
        {
            await Task.Delay(10);
        }

        var right = send(sessions[^1], sessions.Count - 1);
        return [.. await Task.WhenAll(wrong), await right];
    }

    /// <summary>The audit trail: no sign-in, and at most <see cref="Limit"/> secrets were checked and found wrong.</summary>
    private Task AssertAtMostLimitWrongSecretsAsync(Guid userId) => factory.WithDbAsync(async db =>
    {
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.ActorUserId == userId)
            .Select(e => new { e.Type, e.Details }).ToListAsync();
        Assert.DoesNotContain(events, e => e.Type == AuditEventTypes.LoginSucceeded);
        var wrongSecrets = events.Count(e => e.Type is AuditEventTypes.LoginFailed or AuditEventTypes.SecondFactorFailed
            || (e.Type == AuditEventTypes.LockedOut && e.Details != null && e.Details.Contains("wrong", StringComparison.Ordinal)));
        Assert.InRange(wrongSecrets, 1, Limit);
    });
}
