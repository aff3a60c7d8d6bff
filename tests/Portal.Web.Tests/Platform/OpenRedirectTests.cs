using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// OWASP ASVS 5.0 V3.7.2: a return address only ever leads inside the portal. The pages that take
/// one are found by reflection over the page models (a bound property or handler parameter named
/// returnUrl), so a page added tomorrow fails here until it has a way to be driven below.
/// </summary>
public sealed class OpenRedirectTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Portal.Core.Accounts.PortalUser? _user;
    private Enrolled? _enrolled;
    private int _backupCodesUsed;

    private PortalFactory Factory => factory;

    /// <summary>Absolute, protocol-relative, backslash and scheme-relative forms, and an encoded one.</summary>
    public static readonly string[] Vectors =
    [
        "https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "http:evil.example",
        "%2F%2Fevil.example", "https:evil.example", "javascript:alert(1)", "/\t/evil.example",
    ];

    public static TheoryData<string> PagesTakingAReturnAddress()
    {
        var data = new TheoryData<string>();
        foreach (var model in ModelsTakingAReturnAddress())
        {
            data.Add(model.Name);
        }

        return data;
    }

    [Fact]
    public void Every_page_taking_a_return_address_is_driven_by_this_test()
    {
        var found = ModelsTakingAReturnAddress().Select(m => m.Name).Order().ToList();

        Assert.True(found.Count >= 6, "Found only " + string.Join(", ", found));
        Assert.Equal(found, Drivers.Keys.Order().ToList());
    }

    [Theory]
    [MemberData(nameof(PagesTakingAReturnAddress))]
    public async Task A_return_address_that_leaves_the_portal_is_never_followed(string page)
    {
        var failures = new List<string>();
        foreach (var vector in Vectors)
        {
            foreach (var (step, response) in await Drivers[page](this, vector))
            {
                var problem = await ProblemAsync(response);
                if (problem is not null)
                {
                    failures.Add($"{page} {step} with {vector}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Login_follows_a_local_return_url()
    {
        var user = await factory.Data.UserAsync();

        var response = await factory.CreatePortalClient().LoginAsync(user.Email!, TestData.Password, returnUrl: "/account/security");

        Assert.Equal("/account/security", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_language_switcher_follows_a_local_return_url()
    {
        var client = factory.CreatePortalClient();
        var login = await client.GetPageAsync("/forgot-password");

        var response = await client.SubmitAsync(login, "form.language-picker", new Dictionary<string, string> { ["returnUrl"] = "/forgot-password?x=1" }, "button[value=nl]");

        Assert.Equal("/forgot-password?x=1", response.Headers.Location!.OriginalString);
    }

    private delegate Task<List<(string Step, HttpResponseMessage Response)>> Driver(OpenRedirectTests test, string returnUrl);

    /// <summary>How to reach the point where each page follows (or shows) its return address.</summary>
    private static readonly Dictionary<string, Driver> Drivers = new()
    {
        ["LoginModel"] = async (test, returnUrl) =>
        {
            test._user ??= await test.Factory.Data.UserAsync();
            var client = test.Factory.CreatePortalClient();
            return [("password login", await client.LoginAsync(test._user.Email!, TestData.Password, returnUrl: returnUrl))];
        },
        ["TwoFactorLoginModel"] = async (test, returnUrl) =>
        {
            var (client, enrolled) = await test.AtSecondStepAsync();
            var expired = await test.Factory.CreatePortalClient().GetAsync("/login/2fa?returnUrl=" + Query(returnUrl));
            var page = await client.GetPageAsync("/login/2fa?returnUrl=" + Query(returnUrl));
            var code = await client.SubmitCodeAsync(page, test.Factory.NextCode(enrolled.Secret));
            return [("expired step", expired), ("code", code)];
        },
        ["LoginRecoveryModel"] = async (test, returnUrl) =>
        {
            var (client, enrolled) = await test.AtSecondStepAsync();
            var expired = await test.Factory.CreatePortalClient().GetAsync("/login/recovery?returnUrl=" + Query(returnUrl));
            var page = await client.GetPageAsync("/login/recovery?returnUrl=" + Query(returnUrl));
            var code = await client.SubmitAsync(page, "form[action*='BackupCode']", new Dictionary<string, string> { ["BackupCode.Code"] = enrolled.BackupCodes[test._backupCodesUsed++] });
            return [("expired step", expired), ("backup code", code)];
        },
        ["LoginPasskeyModel"] = async (test, returnUrl) =>
        {
            // A refused answer goes back to /login with the return address: never off the portal.
            var client = test.Factory.CreatePortalClient();
            var page = await client.GetPageAsync("/login");
            var refused = await client.SubmitAsync(page, "form[data-testid=passkey-signin]", new Dictionary<string, string>
            {
                ["ReturnUrl"] = returnUrl,
                ["Credential"] = "{\"id\":\"AAAA\",\"type\":\"public-key\"}",
            });
            return [("passkey refused", refused)];
        },
        ["LanguageModel"] = async (test, returnUrl) =>
        {
            var client = test.Factory.CreatePortalClient();
            var page = await client.GetPageAsync("/login");
            var response = await client.SubmitAsync(page, "form.language-picker", new Dictionary<string, string> { ["returnUrl"] = returnUrl }, "button[value=nl]");
            return [("language picked", response)];
        },
        ["AddAuthenticatorModel"] = async (test, returnUrl) =>
        {
            var client = await test.SignedInAsync();
            return [("authenticator added", await AddAuthenticatorAsync(test, client, returnUrl))];
        },
        ["AddPasskeyModel"] = async (test, returnUrl) =>
        {
            // The whole ceremony through the page: its options handler, a software passkey, the form.
            var client = await test.SignedInAsync();
            var page = await client.GetPageAsync("/account/security/passkeys/add?returnUrl=" + Query(returnUrl));
            var antiforgery = page.QuerySelector("form[data-passkey=create] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var options = await client.PostFormAsync("/account/security/passkeys/add?handler=Options", antiforgery, []);
            var start = System.Text.Json.Nodes.JsonNode.Parse(await options.Content.ReadAsStringAsync())!;
            using var key = new Passkeys.SoftwareAuthenticator();
            var added = await client.SubmitAsync(page, "form[data-passkey=create]", new Dictionary<string, string>
            {
                ["Input.Name"] = "Laptop",
                ["Input.Credential"] = key.Create(start["options"]!.ToJsonString(), Passkeys.PasskeySteps.Origin),
                ["Input.Token"] = start["token"]!.GetValue<string>(),
            });
            Assert.True(PortalClient.IsRedirect(added.StatusCode), "The passkey was not added: " + await PortalClient.ErrorsAsync(added));
            return [("passkey added", added)];
        },
        ["ShowBackupCodesModel"] = async (test, returnUrl) =>
        {
            var client = await test.SignedInAsync();
            // The codes wait in TempData for the next visit of the page: that visit names the return address.
            await AddAuthenticatorAsync(test, client, null);
            var shown = await client.GetAsync("/account/security/backup-codes/new?returnUrl=" + Query(returnUrl));
            return [("codes shown", shown)];
        },
    };

    private static string Query(string value) => value.StartsWith('%') ? value : Uri.EscapeDataString(value);

    private static IEnumerable<Type> ModelsTakingAReturnAddress() =>
        typeof(Portal.Web.Pages.PortalPageModel).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && !t.IsAbstract)
            .Where(t => t.GetProperties().Any(p => IsReturnAddress(p.GetCustomAttribute<BindPropertyAttribute>()?.Name ?? p.Name) && p.GetCustomAttribute<BindPropertyAttribute>() is not null)
                || t.GetMethods().Where(m => m.Name.StartsWith("On", StringComparison.Ordinal)).SelectMany(m => m.GetParameters()).Any(p => IsReturnAddress(p.Name!)));

    private static bool IsReturnAddress(string name) => string.Equals(name, "returnUrl", StringComparison.OrdinalIgnoreCase);

    private static async Task<HttpResponseMessage> AddAuthenticatorAsync(OpenRedirectTests test, PortalClient client, string? returnUrl)
    {
        var page = await client.GetPageAsync("/account/security/authenticators/add" + (returnUrl is null ? "" : "?returnUrl=" + Query(returnUrl)));
        var secret = Portal.Core.Mfa.Totp.FromBase32(page.QuerySelector("[data-testid=authenticator-key]")!.TextContent);
        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Phone",
            ["Input.Code"] = Portal.Core.Mfa.Totp.Code(secret, test.Factory.Clock.GetUtcNow()),
        });
        Assert.True(PortalClient.IsRedirect(response.StatusCode), "Enrolment failed: " + await PortalClient.ErrorsAsync(response));
        return response;
    }

    private async Task<PortalClient> SignedInAsync()
    {
        var user = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(user.Email!);
        return client;
    }

    /// <summary>One person with an authenticator per page under test; a fresh browser at /login/2fa each time.</summary>
    private async Task<(PortalClient Client, Enrolled Enrolled)> AtSecondStepAsync()
    {
        _user ??= await factory.Data.UserAsync();
        _enrolled ??= await factory.EnrolAsync(_user);
        var client = factory.CreatePortalClient();
        await client.LoginToSecondStepAsync(_user.Email!);
        return (client, _enrolled);
    }

    /// <summary>Why the answer is unsafe, or null: a 5xx, a redirect off the portal (also in a nested returnUrl), or a link off it.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            return $"answered {(int)response.StatusCode}";
        }

        if (PortalClient.IsRedirect(response.StatusCode))
        {
            var location = response.Headers.Location!.OriginalString;
            if (!StaysInside(location))
            {
                return "redirected to " + location;
            }

            var nested = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri(PortalFactory.BaseUrl), location).Query);
            foreach (var value in nested.Where(q => IsReturnAddress(q.Key)).SelectMany(q => q.Value))
            {
                if (!StaysInside(value!))
                {
                    return "redirected with returnUrl=" + value;
                }
            }

            return null;
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            var page = await PortalClient.ParseAsync(response);
            var off = page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)
                .Concat(page.QuerySelectorAll("form[action]").Select(f => f.GetAttribute("action")!))
                .FirstOrDefault(link => link.Contains("evil.example", StringComparison.OrdinalIgnoreCase) && !StaysInside(link));
            return off is null ? null : "links to " + off;
        }

        return null;
    }

    /// <summary>A path on this site: one leading slash, no second slash or backslash, no scheme, no control character.</summary>
    private static bool StaysInside(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);
}
