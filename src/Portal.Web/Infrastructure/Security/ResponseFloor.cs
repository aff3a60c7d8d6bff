using System.Diagnostics;

namespace Portal.Web.Infrastructure.Security;

/// <summary>
/// Answers no sooner than a fixed time after the request started, so that the work done only for
/// existing accounts (a token, an e-mail queued) cannot be told apart by timing (OWASP ASVS 5.0
/// V6.3.8, user enumeration).
/// </summary>
public static class ResponseFloor
{
    public static readonly TimeSpan ForgotPassword = TimeSpan.FromMilliseconds(250);

    public static async Task WaitAsync(long startedTimestamp, TimeSpan floor)
    {
        var remaining = floor - Stopwatch.GetElapsedTime(startedTimestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }
}
