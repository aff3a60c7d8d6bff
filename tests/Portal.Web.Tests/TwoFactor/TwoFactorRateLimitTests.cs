using System.Net;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Platform;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>/login/2fa and /login/recovery share the per-address limit of the login (3 POSTs a minute in this factory).</summary>
public sealed class TwoFactorRateLimitTests(LowRateLimitFactory factory) : IClassFixture<LowRateLimitFactory>
{
    [Fact]
    public async Task Code_posts_beyond_the_limit_get_429()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var client = factory.CreatePortalClient();
        var page = await client.LoginToSecondStepAsync(user.Email!);
        var wrong = TwoFactorSteps.WrongCode(enrolled.Secret, factory.Clock.GetUtcNow());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.SubmitCodeAsync(page, wrong)).StatusCode);
        }

        var recovery = await client.GetPageAsync("/login/recovery");
        var backupCode = await client.SubmitAsync(recovery, "form[action*='handler=BackupCode']",
            new Dictionary<string, string> { ["BackupCode.Code"] = enrolled.BackupCodes[0] });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, backupCode.StatusCode);
    }
}
