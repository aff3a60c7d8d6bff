using System.Net;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>OWASP ASVS 5.0 V3.3 (cookies) and V3.4 (security headers).</summary>
public sealed class SecurityHeadersTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/forgot-password")]
    [InlineData("/error/404")]
    public async Task Pages_send_the_security_headers(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains("max-age=31536000", Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Pages_have_no_inline_script()
    {
        var page = await factory.CreatePortalClient().GetPageAsync("/login");

        Assert.All(page.QuerySelectorAll("script"), script => Assert.True(script.HasAttribute("src")));
        Assert.Empty(page.QuerySelectorAll("[onclick], [onload], [style]"));
    }

    [Fact]
    public async Task Session_and_form_cookies_are_host_only_secure_httponly_and_samesite()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        var loginPage = await client.GetAsync("/login");
        var login = await client.LoginAsync(user.Email!, TestData.Password);

        var cookies = loginPage.Headers.GetValues("Set-Cookie").Concat(login.Headers.GetValues("Set-Cookie"))
            .Where(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-Portal=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("__Host-Portal-AF=", StringComparison.Ordinal));
        Assert.All(cookies, cookie =>
        {
            var lower = cookie.ToLowerInvariant();
            Assert.StartsWith("__host-", lower);
            Assert.Contains("; secure", lower);
            Assert.Contains("; httponly", lower);
            Assert.Contains("; samesite=", lower);
            Assert.Contains("; path=/", lower);
            Assert.DoesNotContain("domain=", lower);
        });
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https()
    {
        var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://portal.test"),
            AllowAutoRedirect = false,
        });

        var response = await http.GetAsync("/login");

        Assert.True(PortalClient.IsRedirect(response.StatusCode), $"answered {response.StatusCode}");
        Assert.Equal("https", response.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused_with_400()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.GetAsync("/login");

        var response = await client.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = TestData.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("__Host-Portal=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Error_pages_are_friendly_and_never_show_a_stack_trace()
    {
        var response = await factory.CreateClient().GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html);
        Assert.DoesNotContain("   at ", html);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : "";
}
