using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// The portal on a real loopback port and Debian's Chromium driven by Playwright (stack.md: never
/// `playwright install`; the launch flags keep Chromium off the network).
/// </summary>
public class BrowserFactory : PortalFactory
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string ServerUrl { get; private set; } = "";

    protected override bool ServesRealPort => true;

    /// <summary>The port to listen on; 0 picks a free one.</summary>
    protected virtual int Port => 0;

    /// <summary>
    /// The host name the browser uses: WebAuthn needs a secure context and a relying-party id that is
    /// a name, and Chromium counts http://localhost as secure but never an IP address.
    /// </summary>
    protected virtual string Host => "127.0.0.1";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(Port);
        StartServer();
        ServerUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", Host, StringComparison.Ordinal).Replace("127.0.0.1", Host, StringComparison.Ordinal)
            .Replace("localhost", Host, StringComparison.Ordinal);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh browser context (its own cookies), at phone or desktop width.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ServerUrl,
            Locale = locale,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            // axe-core is injected as a script; the portal's CSP (rightly) forbids that.
            BypassCSP = true,
        });
        return await context.NewPageAsync();
    }
}

/// <summary>Accessibility checks with axe-core (npm), and screenshots of the key screens.</summary>
public static class BrowserChecks
{
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Portal.Web.Tests", "node_modules", "axe-core", "axe.min.js")));

    /// <summary>WCAG 2.2 A and AA rules; fails on any serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeSource.Value });
        var json = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '));
            }
            """);
        var violations = json.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"Accessibility violations on {page.Url}:\n" + string.Join("\n", violations));
    }

    /// <summary>How long a step may take on a busy 2-core machine before the journey fails.</summary>
    private const float ArrivalTimeout = 60_000;

    /// <summary>
    /// Waits for a page to be reached (its address matches the glob, its document parsed), patient on
    /// a busy machine. The address is polled and the document's state asked of the page itself:
    /// Playwright's own WaitForURL, when the address already matches, waits for a load-state event
    /// the client may have processed before it looked (seen under load: 60 s of waiting on a page
    /// long loaded, "NetworkIdle event fired" and nothing else).
    /// </summary>
    public static Task ArriveAtAsync(IPage page, string urlGlob) => ArriveAtAsync(page, GlobRegex(urlGlob));

    /// <inheritdoc cref="ArriveAtAsync(IPage, string)"/>
    public static async Task ArriveAtAsync(IPage page, Regex url)
    {
        await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = ArrivalTimeout });
        await page.WaitForFunctionAsync("document.readyState !== 'loading'", null, new() { Timeout = ArrivalTimeout });
    }

    /// <summary>Playwright's URL globs: ** any characters, * any but a slash.</summary>
    private static Regex GlobRegex(string glob) =>
        new("^" + string.Join(".*", glob.Split("**").Select(part => string.Join("[^/]*", part.Split('*').Select(Regex.Escape)))) + "$");

    /// <summary>Fills and submits the login form as a person would.</summary>
    public static async Task LogInAsync(IPage page, string email, string password = TestData.Password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    /// <summary>Fills the support-recovery request (open on the page) with a story, a phone number and both documents, and sends it.</summary>
    public static async Task SendRecoveryRequestAsync(IPage page, string whatHappened)
    {
        await page.GetByLabel("What happened").FillAsync(whatHappened);
        await page.GetByLabel("Phone number for a callback").FillAsync("+32 470 12 34 56");
        await page.GetByLabel("Identity document (PDF, JPEG or PNG, at most 10 MB)")
            .SetInputFilesAsync(new FilePayload { Name = "id-copy.pdf", MimeType = "application/pdf", Buffer = SupportSteps.Pdf });
        await page.GetByLabel("Selfie holding the document (JPEG or PNG, at most 10 MB)")
            .SetInputFilesAsync(new FilePayload { Name = "selfie.png", MimeType = "image/png", Buffer = SupportSteps.Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await ArriveAtAsync(page, "**/login/recovery/status/**");
    }

    public static async Task ScreenshotAsync(IPage page, string journey, string step)
    {
        var folder = Path.Combine(RepositoryRoot(), ".data", "screenshots", journey);
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, step + ".png"), FullPage = true });
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
