using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

public sealed class LowRateLimitFactory : PortalFactory
{
    protected override int AuthPermitsPerMinute => 3;
}

/// <summary>OWASP ASVS 5.0 V6.3.1: login endpoints are rate limited per client address.</summary>
public sealed class RateLimitTests(LowRateLimitFactory factory) : IClassFixture<LowRateLimitFactory>
{
    [Fact]
    public async Task Login_posts_beyond_the_limit_get_429_but_pages_still_load()
    {
        var client = factory.CreatePortalClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.LoginAsync(TestData.NewEmail(), "Whatever-Password-" + i)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        var forgot = await client.GetPageAsync("/forgot-password");
        var limited = await client.SubmitAsync(forgot, "main form", new Dictionary<string, string> { ["Input.Email"] = TestData.NewEmail() });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync());
    }
}
