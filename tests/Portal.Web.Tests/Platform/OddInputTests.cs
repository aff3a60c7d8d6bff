using System.Globalization;
using System.Net;
using System.Text;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// OWASP ASVS 5.0 V2.2.1 and V16.5.1: odd input never breaks a page. Every GET page with its query
/// and route values, and every POST handler with its form fields — all found from the app's
/// endpoints and page models, never listed here — receives extremes (int.MaxValue and negatives,
/// 100 kB strings, dates at both ends of the calendar, unknown enum values, control characters,
/// invalid UTF-8) from an admin of the test organisation with a valid antiforgery token, and must
/// answer without a 5xx and without a stack trace.
/// </summary>
public sealed class OddInputTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>Browsers in parallel: enough to overlap the database's waits, few for two cores.</summary>
    private const int Browsers = 3;

    private static readonly string Long = new('a', 100_000);

    /// <summary>One set of extremes, as raw (already percent-encoded) values by the field's type.</summary>
    private sealed record Extreme(string Label, Func<Type, string> Value);

    private static readonly Extreme[] Extremes =
    [
        new("largest", type => Typed(type, int.MaxValue.ToString(CultureInfo.InvariantCulture), long.MaxValue.ToString(CultureInfo.InvariantCulture),
            "9999-12-31", "9999-12-31T23:59:59.9999999%2B00:00", "ffffffff-ffff-ffff-ffff-ffffffffffff", int.MaxValue.ToString(CultureInfo.InvariantCulture), "true", Long)),
        new("smallest", type => Typed(type, int.MinValue.ToString(CultureInfo.InvariantCulture), long.MinValue.ToString(CultureInfo.InvariantCulture),
            "0001-01-01", "0001-01-01T00:00:00%2B00:00", Guid.Empty.ToString(), "-1", "false", "")),
        new("negative or overflowing", type => Typed(type, "-1", "99999999999999999999999",
            "10000-01-01", "-0001-01-01", "not-a-guid", "Owner", "maybe", Uri.EscapeDataString(new string('é', 50_000)))),
        new("control characters", type => Uri.EscapeDataString("\u0000\u0001\u0008\u001b\r\n\t\u007f\u202e<script>'\"../\\")),
        new("invalid UTF-8", _ => "%FF%FE%C0%AF%ED%A0%80%E2%28%A1"),
    ];

    /// <summary>The two reported: OFFSET overflow on the members list, and no day after 9999-12-31 for the audit log and its CSV.</summary>
    [Theory]
    [InlineData("admin/users?p=2147483647")]
    [InlineData("admin/users?p=0")]
    [InlineData("e/main?p=2147483647")]
    [InlineData("admin/audit?From=0001-01-01&To=9999-12-31")]
    [InlineData("admin/audit?handler=Csv&From=0001-01-01&To=9999-12-31")]
    public async Task Out_of_range_page_numbers_and_dates_are_refused_with_400(string address)
    {
        var (admin, organisation) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin, "main");
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var response = await client.GetAsync($"/o/{organisation.Slug}/{address}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_get_page_survives_extreme_query_and_route_values()
    {
        var (organisation, handlers) = await ArrangeAsync("GET");

        var failures = await ProbeInParallelAsync(organisation, handlers, async (client, handler, extreme) =>
        {
            var url = Address(handler, organisation, extreme);
            var query = string.Join('&', handler.Fields.Select(f => f.Name + "=" + extreme.Value(f.Type)));
            if (query.Length > 0)
            {
                url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
            }

            return await client.Http.GetAsync(url);
        });

        Assert.True(handlers.Count >= 20, $"Only {handlers.Count} GET pages found");
        Assert.True(failures.Count == 0, "Broken by odd input:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_post_handler_survives_extreme_form_fields()
    {
        var (organisation, handlers) = await ArrangeAsync("POST");

        var failures = await ProbeInParallelAsync(organisation, handlers, async (client, handler, extreme) =>
        {
            var token = await client.TokenAsync();
            var body = string.Join('&', handler.Fields.Where(f => f.Name != "__RequestVerificationToken")
                .Select(f => f.Name + "=" + extreme.Value(f.Type))
                .Prepend("__RequestVerificationToken=" + Uri.EscapeDataString(token)));
            var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");
            return await client.Http.PostAsync(Address(handler, organisation, extreme), content);
        });

        Assert.True(handlers.Count >= 20, $"Only {handlers.Count} POST handlers found");
        Assert.True(failures.Count == 0, "Broken by odd input:\n" + string.Join("\n", failures));
    }

    /// <summary>The handlers of one method, and the organisation whose admins send them.</summary>
    private async Task<(Organisation Organisation, List<PageHandler> Handlers)> ArrangeAsync(string method)
    {
        var organisation = await factory.Data.OrganisationAsync(null, "main");
        var handlers = (await PageCatalogue.AllAsync(factory.Services)).Where(h => h.Method == method).ToList();
        return (organisation, handlers);
    }

    /// <summary>The route filled with the test organisation and environment, other route values given the extreme too.</summary>
    private static string Address(PageHandler handler, Organisation organisation, Extreme extreme)
    {
        var values = new Dictionary<string, string> { ["org"] = organisation.Slug, ["env"] = "main" };
        foreach (var parameter in handler.RouteParameters.Where(p => !values.ContainsKey(p)))
        {
            // A NUL in the path is refused by the test client itself (Kestrel answers 400).
            var value = extreme.Value(typeof(string)).Replace("%00", "", StringComparison.Ordinal);
            values[parameter] = value.Length == 0 ? "x" : value;
        }

        return handler.Url(values);
    }

    private async Task<List<string>> ProbeInParallelAsync(
        Organisation organisation, List<PageHandler> handlers, Func<AdminBrowser, PageHandler, Extreme, Task<HttpResponseMessage>> send)
    {
        var failures = new List<string>();
        var shares = handlers.Select((handler, i) => (handler, i)).GroupBy(x => x.i % Browsers, x => x.handler);
        await Task.WhenAll(shares.Select(async share =>
        {
            var browser = new AdminBrowser(factory, organisation);
            foreach (var handler in share)
            {
                foreach (var extreme in Extremes)
                {
                    await browser.EnsureSignedInAsync();
                    var problem = await ProblemAsync(() => send(browser, handler, extreme));
                    if (problem is not null)
                    {
                        lock (failures)
                        {
                            failures.Add($"{handler} with {extreme.Label} values: {problem}");
                        }
                    }
                }
            }
        }));
        return failures;
    }

    /// <summary>Why the answer is broken, or null: a 5xx, a stack trace, or a body that breaks off.</summary>
    private static async Task<string?> ProblemAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500)
            {
                return $"answered {(int)response.StatusCode}";
            }

            return body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal)
                ? "shows a stack trace or exception"
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return "broke off: " + e.GetType().Name + " " + e.Message;
        }
    }

    /// <summary>
    /// A signed-in admin of the test organisation. A handler that signs out or ends the session does
    /// not spoil the next one: when the account pages no longer open, a new admin signs in.
    /// </summary>
    private sealed class AdminBrowser(PortalFactory factory, Organisation organisation)
    {
        private PortalClient? _client;
        private string? _token;

        public HttpClient Http => _client!.Http;

        public async Task EnsureSignedInAsync()
        {
            if (_client is not null && (await _client.GetAsync("/account/security")).StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            var admin = await factory.Data.UserAsync();
            await factory.Data.MemberAsync(admin, organisation, OrganisationRole.Admin);
            _client = factory.CreatePortalClient();
            await _client.LoginOkAsync(admin.Email!);
            _token = null;
        }

        /// <summary>A real antiforgery token of this browser and person, valid for every form.</summary>
        public async Task<string> TokenAsync()
        {
            if (_token is null)
            {
                var page = await _client!.GetPageAsync("/account/security");
                _token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            }

            return _token;
        }
    }

    private static string Typed(Type type, string int32, string int64, string date, string dateTime, string guid, string enumValue, string boolean, string text) =>
        type switch
        {
            _ when type.IsEnum => enumValue,
            _ when type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) => int32,
            _ when type == typeof(long) || type == typeof(decimal) || type == typeof(double) || type == typeof(float) => int64,
            _ when type == typeof(DateOnly) => date,
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => dateTime,
            _ when type == typeof(Guid) => guid,
            _ when type == typeof(bool) => boolean,
            _ => text,
        };
}
