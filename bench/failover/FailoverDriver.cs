// The load of bench/failover.sh: plain HTTP against two portal instances behind nginx, the way
// browsers use them. Run with `dotnet run bench/failover/FailoverDriver.cs -- ARGS` (a file-based
// app; no project). It signs in, then drives acknowledged writes (clients added, invitations sent,
// sign-ins) and reads through the proxy; runs --kill (a shell command) and times the gap; stops a
// fixed time after the first write that succeeds again; checks that the sessions signed in before
// still work and that a logout on one instance is refused at once on the other. It writes what was
// acknowledged to --out (clients.txt, invitees.txt, result.json) for the script to count in the
// database afterwards. Every wait is bounded; exit 1 when the gap never closed.
#:property PublishAot=false
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
    .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
var proxy = new Uri(options["proxy"]);
var instances = options["instances"].Split(',').Select(u => new Uri(u)).ToArray();
var outDir = options["out"];
var scenario = options.GetValueOrDefault("scenario", "failover");
var after = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("after", "15"), CultureInfo.InvariantCulture));
var limit = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("limit", "90"), CultureInfo.InvariantCulture));
const string Email = "admin@demo.test";
const string Password = "Quiet-Ledger-Harbour-42";
const string Org = "demo";
const string Env = "exact";
Directory.CreateDirectory(outDir);
var run = Guid.NewGuid().ToString("N")[..6];

// Sessions made before the kill: survivors must still work afterwards; the leaver is logged out after.
var survivors = new List<Session>();
for (var i = 0; i < 4; i++)
{
    survivors.Add(await Session.SignInAsync(proxy, Email, Password) ?? throw new InvalidOperationException("sign-in failed before the kill"));
}

var leaver = await Session.SignInAsync(instances[0], Email, Password) ?? throw new InvalidOperationException("sign-in failed before the kill");
var writer = await Session.SignInAsync(proxy, Email, Password) ?? throw new InvalidOperationException("sign-in failed before the kill");
var clientToken = await writer.TokenAsync($"/o/{Org}/e/{Env}/clients/new");
var inviteToken = await writer.TokenAsync($"/o/{Org}/admin/users");
var loginForm = await Session.AnonymousAsync(proxy);

var log = new ConcurrentQueue<(double At, string Kind, int Status)>();
var clients = new ConcurrentBag<string>();
var invitees = new ConcurrentBag<string>();
var signIns = new ConcurrentBag<Session>();
var clock = Stopwatch.StartNew();
double? killedAt = null;
double? firstWriteAfterKill = null;
double? promotedAt = null;
using var stop = new CancellationTokenSource();

// Each request by the time it was sent: the gap runs from the kill to the first write sent after it
// that was acknowledged (a write sent before the kill may still be answered after it).
void Record(string kind, int status, bool write, double sentAt)
{
    log.Enqueue((sentAt, kind, status));
    if (write && status == 302 && killedAt is { } k && sentAt > k && firstWriteAfterKill is null)
    {
        firstWriteAfterKill = clock.Elapsed.TotalSeconds - k;
    }
}

async Task Loop(Func<int, Task> step)
{
    for (var i = 0; !stop.IsCancellationRequested; i++)
    {
        try
        {
            await step(i);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            log.Enqueue((clock.Elapsed.TotalSeconds, "transport", 0));
            await Task.Delay(200);
        }
    }
}

var workers = new List<Task>
{
    Task.Run(() => Loop(async i =>
    {
        var name = $"Failover {run} client {i}";
        var sent = clock.Elapsed.TotalSeconds;
        var status = await writer.PostAsync($"/o/{Org}/e/{Env}/clients/new", clientToken, ("Input.Name", name));
        Record("client", status, write: true, sent);
        if (status == 302)
        {
            clients.Add(name);
        }
        else
        {
            await Task.Delay(200);
        }
    })),
    Task.Run(() => Loop(async i =>
    {
        var address = $"failover-{run}-{i}@invitee.test";
        var sent = clock.Elapsed.TotalSeconds;
        var status = await writer.PostAsync($"/o/{Org}/admin/users/invitations?handler=Invite", inviteToken, ("Invite.Emails", address), ("Invite.Role", "Member"));
        Record("invitation", status, write: true, sent);
        if (status == 302)
        {
            invitees.Add(address);
        }

        await Task.Delay(status == 302 ? 100 : 200);
    })),
    Task.Run(() => Loop(async _ =>
    {
        var sent = clock.Elapsed.TotalSeconds;
        var (session, status) = await loginForm.SignInFromAsync(Email, Password);
        Record("sign-in", status, write: true, sent);
        if (session is not null)
        {
            signIns.Add(session);
        }

        await Task.Delay(500);
    })),
    Task.Run(() => Loop(async _ =>
    {
        var sent = clock.Elapsed.TotalSeconds;
        var status = await writer.GetAsync($"/o/{Org}/e/{Env}");
        Record("read", status, write: false, sent);
        await Task.Delay(status == 200 ? 20 : 200);
    })),
};

await Task.Delay(TimeSpan.FromSeconds(8));
// The clock starts once the kill command has returned (the processes are dead by then): a write
// sent while it was still finding the leader may rightly succeed.
var kill = Process.Start(new ProcessStartInfo("bash", ["-c", options["kill"]]) { RedirectStandardOutput = true })!;
var victim = (await kill.StandardOutput.ReadToEndAsync()).Trim();
await kill.WaitForExitAsync();
killedAt = clock.Elapsed.TotalSeconds;
var patroni = options.GetValueOrDefault("patroni", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
var watchLeader = Task.Run(async () =>
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
    while (!stop.IsCancellationRequested && promotedAt is null)
    {
        foreach (var node in patroni)
        {
            try
            {
                using var answer = await http.GetAsync(new Uri(node + "/primary"));
                if (answer.IsSuccessStatusCode && clock.Elapsed.TotalSeconds - killedAt > 0.5)
                {
                    promotedAt ??= clock.Elapsed.TotalSeconds - killedAt;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // That node is the dead one, or busy.
            }
        }

        await Task.Delay(200);
    }
});

while (firstWriteAfterKill is null && clock.Elapsed.TotalSeconds - killedAt < limit.TotalSeconds)
{
    await Task.Delay(100);
}

if (firstWriteAfterKill is not null)
{
    await Task.Delay(after);
}

await stop.CancelAsync();
await Task.WhenAll(workers);
await watchLeader;

// Sessions: every one signed in before the kill, and every sign-in acknowledged during the run.
var survived = 0;
foreach (var s in survivors)
{
    survived += await s.GetAsync("/account/security") == 200 ? 1 : 0;
}

var signInsKept = 0;
foreach (var s in signIns)
{
    signInsKept += await s.GetAsync("/account/security") == 200 ? 1 : 0;
}

// Revocation: both instances listen again (ready says Healthy), then a logout through the first
// instance must be refused by the second within 2 s, long before its 10 s session cache ends.
var listening = Stopwatch.StartNew();
var bothListening = false;
while (!bothListening && listening.Elapsed < TimeSpan.FromSeconds(30))
{
    bothListening = (await Task.WhenAll(instances.Select(Session.ReadyAsync))).All(r => r == "Healthy");
    if (!bothListening)
    {
        await Task.Delay(200);
    }
}

var onB = leaver.On(instances[1]);
var cachedOnB = await onB.GetAsync("/account/security") == 200;
var logoutToken = await leaver.TokenAsync("/account/security");
await leaver.PostAsync("/logout", logoutToken);
var refusedWithin = Stopwatch.StartNew();
var refused = false;
while (!refused && refusedWithin.Elapsed < TimeSpan.FromSeconds(2))
{
    refused = await onB.GetAsync("/account/security") == 302;
}

var gap = log.Where(e => killedAt is { } k && e.At >= k && (firstWriteAfterKill is null || e.At <= k + firstWriteAfterKill)).ToList();
var result = new Dictionary<string, object?>
{
    ["scenario"] = scenario,
    ["victim"] = victim,
    ["promotedAfterSeconds"] = promotedAt is { } p ? Math.Round(p, 1) : null,
    ["firstWriteAfterSeconds"] = firstWriteAfterKill is { } f ? Math.Round(f, 1) : null,
    ["requests"] = log.Count,
    ["requestsInGap"] = gap.Count,
    ["status5xxInGap"] = gap.Count(e => e.Status >= 500),
    ["status503InGap"] = gap.Count(e => e.Status == 503),
    ["status5xxTotal"] = log.Count(e => e.Status >= 500),
    ["status500Total"] = log.Count(e => e.Status is >= 500 and not 503),
    ["otherStatuses"] = log.Where(e => e.Status is not (200 or 302 or 503)).GroupBy(e => $"{e.Kind} {e.Status}").ToDictionary(g => g.Key, g => g.Count()),
    ["transportErrors"] = log.Count(e => e.Status == 0),
    ["clientsAcknowledged"] = clients.Count,
    ["invitationsAcknowledged"] = invitees.Count,
    ["signInsAcknowledged"] = signIns.Count,
    ["signInsStillSignedIn"] = signInsKept,
    ["sessionsBeforeKill"] = survivors.Count,
    ["sessionsSurvived"] = survived,
    ["listenersBackAfterSeconds"] = bothListening ? Math.Round(listening.Elapsed.TotalSeconds, 1) : null,
    ["revokedSessionWasServedByB"] = cachedOnB,
    ["revocationRefusedOnBWithin2s"] = refused,
    ["revocationSeconds"] = refused ? Math.Round(refusedWithin.Elapsed.TotalSeconds, 2) : null,
};
await File.WriteAllLinesAsync(Path.Combine(outDir, "clients.txt"), clients);
await File.WriteAllLinesAsync(Path.Combine(outDir, "invitees.txt"), invitees);
await File.WriteAllTextAsync(Path.Combine(outDir, "result.json"), JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine(JsonSerializer.Serialize(result));
return firstWriteAfterKill is null ? 1 : 0;

/// <summary>A browser: its cookies, against one base address.</summary>
internal sealed partial class Session(Uri baseAddress, CookieContainer cookies) : IDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public void Dispose() => _http.Dispose();

    /// <summary>The same cookies against another address (cookies of 127.0.0.1 are shared across ports).</summary>
    public Session On(Uri other) => new(other, cookies);

    public static async Task<Session?> SignInAsync(Uri baseAddress, string email, string password)
    {
        var anonymous = await AnonymousAsync(baseAddress);
        return (await anonymous.SignInFromAsync(email, password)).Session;
    }

    /// <summary>A browser holding the login form's antiforgery cookie and token.</summary>
    public static async Task<AnonymousBrowser> AnonymousAsync(Uri baseAddress)
    {
        var cookies = new CookieContainer();
        var session = new Session(baseAddress, cookies);
        var token = await session.TokenAsync("/login");
        return new AnonymousBrowser(baseAddress, cookies.GetCookies(baseAddress), token);
    }

    public static async Task<string> ReadyAsync(Uri instance)
    {
        try
        {
            return await Probe.GetStringAsync(new Uri(instance, "/health/ready"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }

    public async Task<string> TokenAsync(string path)
    {
        var html = await _http.GetStringAsync(new Uri(path, UriKind.Relative));
        return WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
    }

    public async Task<int> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    public async Task<int> PostAsync(string path, string token, params (string Name, string Value)[] fields)
    {
        using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", token)));
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), form);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex TokenPattern();
}

/// <summary>The login form's antiforgery cookie and token, reusable for any number of sign-ins (each a new browser).</summary>
internal sealed class AnonymousBrowser(Uri baseAddress, CookieCollection antiforgery, string token)
{
    public async Task<(Session? Session, int Status)> SignInFromAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        cookies.Add(antiforgery);
        var session = new Session(baseAddress, cookies);
        var status = await session.PostAsync("/login", token, ("Input.Email", email), ("Input.Password", password), ("Input.RememberMe", "false"));
        return (status == 302 ? session : null, status);
    }
}
