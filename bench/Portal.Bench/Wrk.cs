using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Portal.Bench;

/// <summary>One load run as wrk measured it (closed loop: each connection sends its next request when the last one answered).</summary>
public sealed record LoadResult(
    long Requests,
    double DurationMicroseconds,
    double P50Microseconds,
    double P99Microseconds,
    double MeanMicroseconds,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long StatusErrors,
    long Timeouts,
    long Failures)
{
    public double RequestsPerSecond => DurationMicroseconds > 0 ? Requests / (DurationMicroseconds / 1e6) : 0;

    public double P50Milliseconds => P50Microseconds / 1000;

    public double P99Milliseconds => P99Microseconds / 1000;

    /// <summary>Socket errors, timeouts, 4xx/5xx answers and (for logins) answers that were not the expected redirect.</summary>
    public long Errors => ConnectErrors + ReadErrors + WriteErrors + StatusErrors + Timeouts + Failures;
}

/// <summary>
/// Drives load with wrk (the Debian package; bench/run.sh installs it). wrk is written in C, so on a
/// two-core machine it takes far less CPU from the portal than a .NET load generator would. Each run
/// gets a small generated Lua script: its <c>done</c> hook prints the figures as one JSON line.
/// </summary>
public sealed class Wrk(string scriptDirectory, int threads)
{
    private const string ResultPrefix = "BENCH-JSON ";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private const string Report = """
        function done(summary, latency, requests)
          local failures = 0
          for _, thread in ipairs(threads) do
            failures = failures + (thread:get("failures") or 0)
          end
          local e = summary.errors
          io.write(string.format(
            'BENCH-JSON {"requests":%.0f,"durationMicroseconds":%.0f,"p50Microseconds":%.0f,"p99Microseconds":%.0f,' ..
            '"meanMicroseconds":%.0f,"connectErrors":%.0f,"readErrors":%.0f,"writeErrors":%.0f,"statusErrors":%.0f,' ..
            '"timeouts":%.0f,"failures":%.0f}\n',
            summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
            e.connect, e.read, e.write, e.status, e.timeout, failures))
        end
        """;

    /// <summary>
    /// GETs one URL over <paramref name="connections"/> keep-alive connections. Each wrk thread sends
    /// one visitor's cookies (a few sessions shared by many connections, as a few busy people would),
    /// and wrk keeps its pre-built request: no Lua runs per request.
    /// </summary>
    public Task<LoadResult> GetAsync(Uri url, IReadOnlyList<Visitor> visitors, int connections, TimeSpan duration)
    {
        var script = new StringBuilder(VisitorCookies(visitors));
        script.AppendLine(Report);
        return RunAsync(url, script.ToString(), connections, duration);
    }

    /// <summary>
    /// GETs <paramref name="paths"/> in turn (each thread starting at a random place) with the visitors'
    /// cookies, as the soak does. <see cref="LoadResult.Failures"/> counts 5xx answers only; wrk's
    /// status errors count every answer of 400 or more.
    /// </summary>
    public Task<LoadResult> MixedGetAsync(Uri baseAddress, IReadOnlyList<string> paths, IReadOnlyList<Visitor> visitors, int connections, TimeSpan duration)
    {
        var script = new StringBuilder(VisitorCookies(visitors));
        script.AppendLine("local paths = {");
        foreach (var path in paths)
        {
            script.Append("  ").Append(LuaString(path)).AppendLine(",");
        }

        script.AppendLine("""
            }
            failures = 0
            local n = nil
            function request()
              n = (n or math.random(#paths)) + 1
              return wrk.format("GET", paths[(n % #paths) + 1])
            end
            function response(status, headers, body)
              if status >= 500 then
                failures = failures + 1
              end
            end
            """);
        script.AppendLine(Report);
        return RunAsync(baseAddress, script.ToString(), connections, duration);
    }

    /// <summary>Lua that gives each wrk thread one visitor's cookies (a few sessions shared by many connections).</summary>
    private static string VisitorCookies(IReadOnlyList<Visitor> visitors)
    {
        var script = new StringBuilder();
        script.AppendLine("local cookies = {");
        foreach (var visitor in visitors)
        {
            script.Append("  ").Append(LuaString(visitor.CookieHeader)).AppendLine(",");
        }

        script.AppendLine("""
            }
            threads = {}
            function setup(thread)
              table.insert(threads, thread)
              thread:set("cookie", cookies[((#threads - 1) % #cookies) + 1])
            end
            function init(args)
              if cookie ~= "" then
                wrk.headers["Cookie"] = cookie
              end
            end
            """);
        return script.ToString();
    }

    /// <summary>
    /// POSTs the login form with valid credentials, each request for the next user of
    /// <paramref name="users"/> (so no two concurrent logins update the same account row). A login
    /// that does not answer the redirect of a successful sign-in counts as a failure.
    /// </summary>
    public Task<LoadResult> LoginAsync(Uri url, Visitor form, (int First, int Count) users, int connections, TimeSpan duration)
    {
        var body = $"Input.Password={Uri.EscapeDataString(SeededDataset.Password)}&Input.RememberMe=false"
            + $"&__RequestVerificationToken={Uri.EscapeDataString(form.AntiforgeryToken)}&Input.Email=";
        var script = $$"""
            local first, count = {{users.First}}, {{users.Count}}
            local body = {{LuaString(body)}}
            local cookies = {{LuaString(form.CookieHeader)}}
            threads = {}
            failures = 0
            function setup(thread)
              table.insert(threads, thread)
              thread:set("id", #threads - 1)
              thread:set("stride", {{threads}})
            end
            local n = 0
            function init(args)
              n = id
              wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
              wrk.headers["Cookie"] = cookies
            end
            function request()
              local email = string.format({{LuaString(SeededDataset.EmailLuaFormat)}}, first + (n % count))
              n = n + stride
              return wrk.format("POST", nil, nil, body .. email)
            end
            function response(status, headers, body)
              if status ~= 302 then
                failures = failures + 1
              end
            end
            {{Report}}
            """;
        return RunAsync(url, script, connections, duration);
    }

    private async Task<LoadResult> RunAsync(Uri url, string script, int connections, TimeSpan duration)
    {
        Directory.CreateDirectory(scriptDirectory);
        var scriptFile = Path.Combine(scriptDirectory, $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptFile, script);
        try
        {
            var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var start = new ProcessStartInfo("wrk",
            [
                "-t", Math.Min(threads, connections).ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", seconds + "s",
                "--timeout", "10s",
                "-s", scriptFile,
                url.ToString(),
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout;
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null)
            {
                throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}): {output}{await stderr}");
            }

            return JsonSerializer.Deserialize<LoadResult>(line[ResultPrefix.Length..], Json)
                ?? throw new InvalidOperationException("wrk printed no figures");
        }
        finally
        {
            File.Delete(scriptFile);
        }
    }

    /// <summary>A Lua long-bracket string: no escaping needed for cookies, tokens or form bodies.</summary>
    private static string LuaString(string value) => "[==[" + value + "]==]";
}
