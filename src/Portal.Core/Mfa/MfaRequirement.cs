namespace Portal.Core.Mfa;

/// <summary>
/// How much an organisation asks of its members' second factors. A stricter level (phishing-resistant
/// only, once passkeys exist) is one more value here and one more case in <see cref="PersonFactors.Meet"/>.
/// </summary>
public enum MfaLevel
{
    None,

    /// <summary>Any second factor (an authenticator app today).</summary>
    AnyMfa,
}

/// <summary>
/// An organisation's two-factor requirement: members who do not meet <see cref="Level"/> keep access
/// for <see cref="GraceDays"/> from <see cref="RequiredSince"/>; after the <see cref="Deadline"/> they
/// must enrol first. What that means for one person is <see cref="MfaPolicy"/>'s to say.
/// </summary>
public sealed record MfaRequirement(DateTimeOffset RequiredSince, int GraceDays, MfaLevel Level = MfaLevel.AnyMfa)
{
    public const int DefaultGraceDays = 7;
    public const int MinGraceDays = 0;
    public const int MaxGraceDays = 30;

    /// <summary>With a grace period of 0 days the deadline is the moment it was switched on: the next request is blocked.</summary>
    public DateTimeOffset Deadline => RequiredSince.AddDays(GraceDays);

    /// <summary>
    /// The one reading of an organisation's stored settings (<c>RequireMfa</c>, <c>MfaRequiredSince</c>,
    /// <c>MfaGraceDays</c>): null when it does not require 2FA.
    /// </summary>
    public static MfaRequirement? Of(bool requireMfa, DateTimeOffset? requiredSince, int graceDays) =>
        requireMfa && requiredSince is { } since ? new MfaRequirement(since, graceDays) : null;

    public bool IsPastDeadline(DateTimeOffset now) => now >= Deadline;

    /// <summary>Whole days left before the block, rounded up (a member with 3 hours left sees "1 day").</summary>
    public int DaysLeft(DateTimeOffset now) =>
        IsPastDeadline(now) ? 0 : (int)Math.Ceiling((Deadline - now).TotalDays);
}
