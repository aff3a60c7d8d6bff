namespace Portal.Core.Mail;

/// <summary>
/// When a failed e-mail is tried again, and when the outbox gives up (issue: first retry within a
/// minute, growing, for at least 24 hours). Sent bodies are purged after <see cref="KeepSentBodies"/>.
/// </summary>
public static class OutboxPolicy
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    /// <summary>A message still failing after this long is marked failed (and reported) instead of retried.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(25);

    public static readonly TimeSpan KeepSentBodies = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a claimed message belongs to the instance sending it: longer than a send can take
    /// (connect, greeting and data, each within the SMTP timeout), so no second instance sends it.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>The wait after the n-th failed attempt (1-based): 30 s, 1 min, 2 min … at most an hour.</summary>
    public static TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 16);
        var delay = TimeSpan.FromTicks(FirstRetry.Ticks << exponent);
        return delay > LongestRetry ? LongestRetry : delay;
    }
}
