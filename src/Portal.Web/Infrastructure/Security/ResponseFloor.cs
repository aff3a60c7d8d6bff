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

    /// <summary>
    /// A failed login: the PBKDF2 work is the same for every path, but the database work around it
    /// differs (lockout counters); the floor hides that difference.
    /// </summary>
    public static readonly TimeSpan FailedLogin = TimeSpan.FromMilliseconds(500);

    public static async Task WaitAsync(long startedTimestamp, TimeSpan floor)
    {
        var remaining = floor - Stopwatch.GetElapsedTime(startedTimestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }
}
