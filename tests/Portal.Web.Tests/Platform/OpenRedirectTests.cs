using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>OWASP ASVS 5.0 V3.7.2: returnUrl only ever leads inside the portal.</summary>
public sealed class OpenRedirectTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https:evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Login_ignores_a_return_url_that_leaves_the_portal(string returnUrl)
    {
        var user = await factory.Data.UserAsync();

        var response = await factory.CreatePortalClient().LoginAsync(user.Email!, TestData.Password, returnUrl: returnUrl);

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_follows_a_local_return_url()
    {
        var user = await factory.Data.UserAsync();

        var response = await factory.CreatePortalClient().LoginAsync(user.Email!, TestData.Password, returnUrl: "/account/security");

        Assert.Equal("/account/security", response.Headers.Location!.OriginalString);
    }
}
