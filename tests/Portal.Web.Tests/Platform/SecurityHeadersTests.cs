using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
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

    /// <summary>
    /// Every cookie the portal sets over HTTPS — session, 2FA step, remember-device, antiforgery,
    /// status messages, language (and the one picked before signing in), legacy-login ticket, and their deletions — has the __Host- prefix
    /// (so Secure, Path=/ and no Domain), HttpOnly and SameSite (OWASP ASVS 5.0 V3.3.1–V3.3.4).
    /// </summary>
    [Fact]
    public async Task Every_cookie_the_portal_sets_is_host_only_secure_httponly_and_samesite()
    {
        var user = await factory.Data.UserAsync();
        var enrolled = await factory.EnrolAsync(user);
        var legacyUsername = await factory.Data.LegacyUsernameAsync(await factory.Data.OrganisationAsync(), "old-portal-pw-2017");
        var recorder = new SetCookieRecorder();
        var client = new PortalClient(factory.CreateDefaultClient(new Uri(PortalFactory.BaseUrl), recorder, new CookieContainerHandler()), factory);

        // A second step that has expired: a status message travels to /login.
        await client.FollowAsync(await client.GetAsync("/login/2fa"));
        var login = await client.GetPageAsync("/login");
        await client.FollowAsync(await client.SubmitAsync(login, "form.language-picker", submitButton: "button[value=nl]"));
        var legacy = await client.LoginAsync(legacyUsername, "old-portal-pw-2017");
        Assert.Equal("/login/legacy", legacy.Headers.Location?.OriginalString);
        var secondStep = await client.LoginToSecondStepAsync(user.Email!, rememberMe: true);
        var signedIn = await client.SubmitCodeAsync(secondStep, factory.NextCode(enrolled.Secret), rememberDevice: true);
        Assert.True(PortalClient.IsRedirect(signedIn.StatusCode), await PortalClient.ErrorsAsync(signedIn));
        var security = await client.GetPageAsync("/account/security");
        await client.SubmitAsync(security, "form[action='/logout']");

        var names = recorder.Cookies.Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).ToHashSet();
        foreach (var expected in new[] { "Portal", "Portal-2fa", "Portal-Device", "Portal-AF", "Portal-Messages", "Portal-Language", "Portal-LanguagePicked", "Portal-TimeZone", "Portal-Legacy", "Portal-Browser" })
        {
            Assert.Contains("__Host-" + expected, names);
        }

        Assert.All(recorder.Cookies, cookie =>
        {
            var name = cookie[..cookie.IndexOf('=', StringComparison.Ordinal)];
            var attributes = cookie.Split(';').Skip(1).Select(p => p.Trim().ToLowerInvariant()).ToList();
            Assert.True(name.StartsWith("__Host-", StringComparison.Ordinal), $"{name}: no __Host- prefix");
            Assert.True(attributes.Contains("secure"), $"{name}: not Secure ({cookie})");
            Assert.True(attributes.Contains("httponly"), $"{name}: not HttpOnly ({cookie})");
            Assert.True(attributes.Contains("path=/"), $"{name}: not on Path=/ ({cookie})");
            Assert.True(attributes.Any(a => a is "samesite=lax" or "samesite=strict"), $"{name}: no SameSite Lax or Strict ({cookie})");
            Assert.False(attributes.Any(a => a.StartsWith("domain=", StringComparison.Ordinal)), $"{name}: has a Domain ({cookie})");
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

    /// <summary>Keeps every Set-Cookie header the portal answers with, deletions included.</summary>
    private sealed class SetCookieRecorder : DelegatingHandler
    {
        public List<string> Cookies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                lock (Cookies)
                {
                    Cookies.AddRange(values);
                }
            }

            return response;
        }
    }
}
