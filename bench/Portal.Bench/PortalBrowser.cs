using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Bench;

/// <summary>A signed-in (or not yet signed-in) visitor: the cookies to send with wrk and the login form's antiforgery token.</summary>
public sealed record Visitor(string CookieHeader, string AntiforgeryToken);

/// <summary>
/// Plain HTTP against the running portal (or the peer, with its login page): signs in the way a browser does (GET the form for its
/// antiforgery token, POST it), and probes pages one request at a time for their status and
/// SQL round-trip header.
/// </summary>
public sealed partial class PortalBrowser(Uri baseAddress, string loginPath = Scenarios.Login)
{
    /// <summary>The response header the portal's SQL interceptor writes (Diagnostics:SqlRoundTripHeader).</summary>
    public const string SqlRoundTripHeader = "X-Sql-Round-Trips";

    /// <summary>An anonymous visitor holding the login form's antiforgery cookie and token (reusable for any login POST).</summary>
    public async Task<Visitor> OpenLoginFormAsync()
    {
        var cookies = new CookieContainer();
        using var http = Client(cookies);
        var html = await http.GetStringAsync(new Uri(loginPath, UriKind.Relative));
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException("The login page carries no antiforgery token");
        }

        return new Visitor(cookies.GetCookieHeader(baseAddress), WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    /// <summary>Signs in with e-mail and password; the visitor's cookies then carry the session.</summary>
    public async Task<Visitor> SignInAsync(string email, string password)
    {
        var (cookies, token, location) = await PostPasswordAsync(email, password);
        if (location.StartsWith(Scenarios.SecondFactor, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{email} has an authenticator: the password led to the second-factor step");
        }

        return new Visitor(cookies.GetCookieHeader(baseAddress), token);
    }

    /// <summary>
    /// The password step of a user with an authenticator: the visitor's cookies carry the login that waits
    /// for its second factor, and its token is the second-factor form's.
    /// </summary>
    public async Task<Visitor> BeginSecondFactorAsync(string email, string password)
    {
        var (cookies, _, location) = await PostPasswordAsync(email, password);
        if (!location.StartsWith(Scenarios.SecondFactor, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The password of {email} led to {location}, not to the second-factor step");
        }

        using var http = Client(cookies);
        var html = await http.GetStringAsync(new Uri(Scenarios.SecondFactor, UriKind.Relative));
        return new Visitor(cookies.GetCookieHeader(baseAddress), WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value));
    }

    /// <summary>The login form posted as a browser does; the answer must be a redirect, whose target is returned.</summary>
    private async Task<(CookieContainer Cookies, string Token, string Location)> PostPasswordAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        using var http = Client(cookies);
        var html = await http.GetStringAsync(new Uri(loginPath, UriKind.Relative));
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);
        using var form = LoginForm(email, password, token);
        using var response = await http.PostAsync(new Uri(loginPath, UriKind.Relative), form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {email} answered {(int)response.StatusCode}, not a redirect: wrong seed or password?");
        }

        return (cookies, token, response.Headers.Location?.OriginalString ?? "");
    }

    /// <summary>The status and SQL round trips of one request sent with the visitor's cookies.</summary>
    public async Task<(HttpStatusCode Status, int? SqlRoundTrips)> ProbeAsync(string path, Visitor visitor, HttpContent? post = null)
    {
        using var http = Client(null);
        using var request = new HttpRequestMessage(post is null ? HttpMethod.Get : HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = post };
        if (visitor.CookieHeader.Length > 0)
        {
            request.Headers.Add("Cookie", visitor.CookieHeader);
        }

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var count = response.Headers.TryGetValues(SqlRoundTripHeader, out var values) && int.TryParse(values.First(), out var n) ? n : (int?)null;
        return (response.StatusCode, count);
    }

    public static FormUrlEncodedContent LoginForm(string email, string password, string antiforgeryToken) => new(
    [
        new("Input.Email", email),
        new("Input.Password", password),
        new("Input.RememberMe", "false"),
        new("__RequestVerificationToken", antiforgeryToken),
    ]);

    private HttpClient Client(CookieContainer? cookies) => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    public static partial Regex AntiforgeryToken();
}
