using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Core.Mfa;

namespace Portal.Bench;

/// <summary>
/// The soak (<c>bench/run.sh --soak</c>): one portal in Production mode on the full generated dataset,
/// on loopback only, under a bounded mixed load for <see cref="BenchOptions.SoakMinutes"/> minutes —
/// wrk reading every signed-in page in turn, while people sign in with password and TOTP, open the
/// portal, and sign out, and strangers fail to sign in. It watches for any 5xx answer and for
/// memory that keeps growing, in 30-second slices, and prints (and records) one table.
/// Exit code 0 when there was no 5xx, no failed step, memory stayed flat and the portal ended ready.
/// </summary>
public sealed partial class Soak(BenchOptions options, Machine machine, DatasetSeeder seeder, Wrk wrk)
{
    /// <summary>The last minute's median resident memory may exceed the baseline's (the first minute after warm-up) by at most this share.</summary>
    public const double MaxMemoryGrowth = 0.10;

    /// <summary>Minutes of the run-time compiler's warm-up under this load, before the memory baseline (see <see cref="SoakResults.MemoryMegabytes"/>).</summary>
    public const int WarmUpMinutes = 3;

    public const int SlicesPerMinute = 2;

    private const int PageConnections = 32;
    private const int PeopleWorkers = 2;
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(60 / SlicesPerMinute);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private long _journeys;
    private long _journeyServerErrors;
    private long _journeyFailures;
    private long _strangers;
    private string? _firstFailure;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var (startedAt, wall, machine, seeder, wrk) = RunStart.Begin(options, Log);
        var soak = new Soak(options, machine, seeder, wrk);
        var results = await soak.RunAsync(startedAt, wall);
        var section = SoakReport.Section(results);
        Console.WriteLine(section);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "soak.md"), section);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "soak.json"), JsonSerializer.Serialize(results, Indented));
        if (options.DocumentPath is { } document && options.SoakMinutes >= BenchOptions.DefaultSoakMinutes)
        {
            await Report.WriteDocumentAsync(document, SoakReport.Begin, SoakReport.End, section);
            Log($"Recorded in {document}");
        }

        Log($"Done in {wall.Elapsed.TotalSeconds:0} s");
        return results.Passed ? 0 : 1;
    }

    private async Task<SoakResults> RunAsync(DateTimeOffset startedAt, Stopwatch wall)
    {
        var plan = options.FullPlan;
        Log($"Seeding the {plan.Label} dataset: {plan.Describe()}");
        var dataset = await seeder.SeedAsync(plan, $"{options.DatabasePrefix}_soak", DatasetSeeder.HashPassword(SeededDataset.Password));
        Log($"  seeded in {dataset.SeedTime.TotalSeconds:0.0} s");
        var logFile = Path.Combine(options.OutputDirectory, "portal-soak.log");
        await using var portal = await PortalProcess.StartAsync(options, seeder.ConnectionString(dataset.Database), logFile);
        Log($"  portal ready in {portal.ColdStart.TotalSeconds:0.00} s at {portal.BaseAddress}");
        var browser = new PortalBrowser(portal.BaseAddress);
        var visitors = new List<Visitor>();
        for (var i = 0; i < machine.Cores; i++)
        {
            visitors.Add(await browser.SignInAsync(SeededDataset.Email(i), SeededDataset.Password));
        }

        var paths = SoakPaths(dataset);
        var duration = TimeSpan.FromMinutes(options.SoakMinutes);
        Log($"Soaking for {duration.TotalMinutes:0} min: {paths.Count} pages over {PageConnections} connections, {PeopleWorkers} people signing in with 2FA and out");
        using var stop = new CancellationTokenSource();
        var people = Enumerable.Range(0, PeopleWorkers).Select(w => PeopleAsync(portal.BaseAddress, dataset, w, stop.Token)).ToList();
        var slices = new List<SoakSlice>();
        var soakClock = Stopwatch.StartNew();
        while (soakClock.Elapsed < duration && !portal.HasExited)
        {
            slices.Add(await SliceAsync(slices.Count, soakClock.Elapsed, portal, paths, visitors));
            var s = slices[^1];
            Log($"  {s.EndSeconds / 60:0.0} min: {s.PageRequests:N0} page requests ({s.PageServerErrors} 5xx), p99 {s.PageP99Milliseconds:0} ms; " +
                $"{s.Journeys} sign-ins ({s.JourneyServerErrors} 5xx, {s.JourneyFailures} failed); RSS {s.ResidentMedianBytes / 1048576.0:0} MB " +
                $"(anonymous {s.AnonymousMedianBytes / 1048576.0:0} MB, shared {s.SharedMedianBytes / 1048576.0:0} MB)");
        }

        await stop.CancelAsync();
        await Task.WhenAll(people);
        var ready = await ReadyAsync(portal.BaseAddress);
        var alive = !portal.HasExited;
        return new SoakResults(
            startedAt,
            wall.Elapsed,
            machine,
            Machine.LoadAverageNow(),
            options.Command,
            options.SoakMinutes,
            $"{plan.Label}: {plan.Describe()}",
            paths,
            PageConnections,
            PeopleWorkers,
            slices,
            _strangers,
            ready,
            alive,
            ErrorLines(logFile),
            _firstFailure);
    }

    /// <summary>One slice: wrk on the pages for <see cref="Slice"/>, the portal's memory sampled every second meanwhile.</summary>
    private async Task<SoakSlice> SliceAsync(int index, TimeSpan started, PortalProcess portal, IReadOnlyList<string> paths, List<Visitor> visitors)
    {
        var journeys = Interlocked.Read(ref _journeys);
        var serverErrors = Interlocked.Read(ref _journeyServerErrors);
        var failures = Interlocked.Read(ref _journeyFailures);
        using var sampling = new CancellationTokenSource();
        var samples = new List<ResidentMemory>();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                do
                {
                    samples.Add(portal.Memory());
                }
                while (await timer.WaitForNextTickAsync(sampling.Token));
            }
            catch (OperationCanceledException)
            {
                // The slice ended.
            }
        });
        var load = await wrk.MixedGetAsync(portal.BaseAddress, paths, visitors, PageConnections, Slice);
        await sampling.CancelAsync();
        await sampler;
        return new SoakSlice(
            index,
            started.TotalSeconds,
            started.TotalSeconds + Slice.TotalSeconds,
            load.Requests,
            load.Failures,
            load.StatusErrors - load.Failures + load.ConnectErrors + load.ReadErrors + load.WriteErrors + load.Timeouts,
            load.P99Milliseconds,
            Interlocked.Read(ref _journeys) - journeys,
            Interlocked.Read(ref _journeyServerErrors) - serverErrors,
            Interlocked.Read(ref _journeyFailures) - failures,
            Median(samples.Select(m => m.Resident)),
            samples.Count == 0 ? 0 : samples.Max(m => m.Resident),
            Median(samples.Select(m => m.Anonymous)),
            Median(samples.Select(m => m.Shared)));

        static long Median(IEnumerable<long> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
        }
    }

    /// <summary>Every signed-in page of the large office, lists paged and searched, and the account pages.</summary>
    private static List<string> SoakPaths(SeededDataset dataset)
    {
        var office = "/o/" + SeededDataset.LargeOffice;
        var environment = $"{office}/e/{SeededDataset.LargeEnvironment}";
        var lastClientPage = Math.Max(1, dataset.Plan.LargeEnvironmentClients / 50);
        return
        [
            "/",
            environment,
            $"{environment}?p=2",
            $"{environment}?p={lastClientPage}",
            $"{environment}?q=Bakkerij",
            $"{office}/admin/users",
            $"{office}/admin/users?p=3",
            $"{office}/admin/users?q=user000",
            $"{office}/admin/audit",
            $"{office}/admin/audit?type=login.succeeded",
            $"{office}/admin/settings",
            "/account/security",
            Scenarios.BareEndpoint,
        ];
    }

    /// <summary>
    /// A person with an authenticator app, again and again until stopped, each time the next one of the
    /// second-factor users (a user comes back minutes later, in a later TOTP step): the login form,
    /// password, the code, the portal's start page and security page, and sign out. Every third time a
    /// stranger also fails to sign in (an unknown address: the portal still hashes, then answers after its floor).
    /// </summary>
    private async Task PeopleAsync(Uri baseAddress, SeededDataset dataset, int worker, CancellationToken stop)
    {
        var (first, count) = dataset.SecondFactorUsers;
        var n = worker;
        while (!stop.IsCancellationRequested)
        {
            var user = first + (n % count);
            try
            {
                await JourneyAsync(baseAddress, user);
                if (n % 3 == 0)
                {
                    await StrangerAsync(baseAddress, n);
                }
            }
            catch (HttpRequestException ex)
            {
                Fail($"sign-in of {SeededDataset.Email(user)}: {ex.Message}");
            }
            catch (TaskCanceledException ex) when (!stop.IsCancellationRequested)
            {
                Fail($"sign-in of {SeededDataset.Email(user)} timed out: {ex.Message}");
            }
            catch (TaskCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _journeys);
            n += PeopleWorkers;
        }
    }

    private async Task JourneyAsync(Uri baseAddress, int user)
    {
        using var http = Client(baseAddress, new CookieContainer());
        var email = SeededDataset.Email(user);
        var token = await FormTokenAsync(http, Scenarios.Login);
        await ExpectAsync(http, Scenarios.Login, HttpStatusCode.Redirect, PortalBrowser.LoginForm(email, SeededDataset.Password, token), email);
        token = await FormTokenAsync(http, Scenarios.SecondFactor);
        var code = Totp.Code(SeededDataset.TotpSecret(user), DateTimeOffset.UtcNow);
        await ExpectAsync(http, Scenarios.SecondFactor, HttpStatusCode.Redirect, new FormUrlEncodedContent(
        [
            new("Input.Code", code),
            new("__RequestVerificationToken", token),
        ]), email);
        await ExpectAsync(http, "/", null, null, email);
        token = await FormTokenAsync(http, "/account/security");
        await ExpectAsync(http, "/logout", HttpStatusCode.Redirect, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), email);
    }

    private async Task StrangerAsync(Uri baseAddress, int n)
    {
        using var http = Client(baseAddress, new CookieContainer());
        var token = await FormTokenAsync(http, Scenarios.Login);
        await ExpectAsync(http, Scenarios.Login, HttpStatusCode.OK,
            PortalBrowser.LoginForm($"stranger{n}@elsewhere.test", "Not-the-password-2026", token), "a stranger");
        Interlocked.Increment(ref _strangers);
    }

    /// <summary>GETs a page (expecting 200) and returns its form's antiforgery token.</summary>
    private async Task<string> FormTokenAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Count(response.StatusCode, HttpStatusCode.OK, $"GET {path}");
        return WebUtility.HtmlDecode(PortalBrowser.AntiforgeryToken().Match(html).Groups[1].Value);
    }

    /// <summary>A GET (no content) or POST; <paramref name="expected"/> null accepts any 2xx or 3xx.</summary>
    private async Task ExpectAsync(HttpClient http, string path, HttpStatusCode? expected, HttpContent? post, string who)
    {
        using (post)
        {
            using var response = post is null
                ? await http.GetAsync(new Uri(path, UriKind.Relative))
                : await http.PostAsync(new Uri(path, UriKind.Relative), post);
            await response.Content.ReadAsByteArrayAsync();
            if (expected is null && (int)response.StatusCode < 400)
            {
                return;
            }

            Count(response.StatusCode, expected ?? HttpStatusCode.OK, $"{(post is null ? "GET" : "POST")} {path} ({who})");
        }
    }

    private void Count(HttpStatusCode status, HttpStatusCode expected, string what)
    {
        if ((int)status >= 500)
        {
            Interlocked.Increment(ref _journeyServerErrors);
        }

        if (status != expected)
        {
            Fail($"{what} answered {(int)status}, expected {(int)expected}");
        }
    }

    private void Fail(string problem)
    {
        Interlocked.Increment(ref _journeyFailures);
        Interlocked.CompareExchange(ref _firstFailure, problem, null);
    }

    private static HttpClient Client(Uri baseAddress, CookieContainer cookies) => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = cookies,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<bool> ReadyAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Error and fatal lines in the portal's console log (Serilog's "[time ERR]" / "[time FTL]").</summary>
    private static int ErrorLines(string logFile) =>
        File.Exists(logFile) ? File.ReadLines(logFile).Count(line => ErrorLine().IsMatch(line)) : 0;

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d (ERR|FTL)\]")]
    private static partial Regex ErrorLine();

    private static void Log(string message) => Console.Error.WriteLine($"[soak] {message}");
}
