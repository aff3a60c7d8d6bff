namespace Portal.Core.Mfa;

/// <summary>How much an organisation asks of its members' second factors; <see cref="PersonFactors.Meet"/> says who meets it.</summary>
public enum MfaLevel
{
    None,

    /// <summary>Any second factor: an authenticator app or a passkey.</summary>
    AnyMfa,

    /// <summary>A passkey ("Require passkeys"): phishing-resistant (OWASP ASVS 5.0 V6.5.6, NIST SP 800-63B AAL3 direction).</summary>
    PhishingResistant,
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
    /// <c>MfaGraceDays</c>, <c>RequirePasskeys</c>): null when it does not require 2FA.
    /// </summary>
    public static MfaRequirement? Of(bool requireMfa, DateTimeOffset? requiredSince, int graceDays, bool requirePasskeys = false) =>
        requireMfa && requiredSince is { } since
            ? new MfaRequirement(since, graceDays, requirePasskeys ? MfaLevel.PhishingResistant : MfaLevel.AnyMfa)
            : null;

    public bool IsPastDeadline(DateTimeOffset now) => now >= Deadline;

    /// <summary>Whole days left before the block, rounded up (a member with 3 hours left sees "1 day").</summary>
    public int DaysLeft(DateTimeOffset now) =>
        IsPastDeadline(now) ? 0 : (int)Math.Ceiling((Deadline - now).TotalDays);
}
