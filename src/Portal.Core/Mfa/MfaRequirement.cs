namespace Portal.Core.Mfa;

/// <summary>
/// "Is two-factor authentication required for this membership, and from when" in one place: an
/// organisation that requires it gives members without an authenticator <see cref="GraceDays"/>
/// from <see cref="RequiredSince"/>; after the <see cref="Deadline"/> they must enrol before they
/// reach anything of the organisation (TenantPageFilter).
/// </summary>
public sealed record MfaRequirement(DateTimeOffset RequiredSince, int GraceDays)
{
    public const int DefaultGraceDays = 7;
    public const int MinGraceDays = 0;
    public const int MaxGraceDays = 30;

    /// <summary>With a grace period of 0 days the deadline is the moment it was switched on: the next request is blocked.</summary>
    public DateTimeOffset Deadline => RequiredSince.AddDays(GraceDays);

    /// <summary>The requirement of an organisation's settings, or null when it does not require 2FA.</summary>
    public static MfaRequirement? Of(bool requireMfa, DateTimeOffset? requiredSince, int graceDays) =>
        requireMfa && requiredSince is { } since ? new MfaRequirement(since, graceDays) : null;

    /// <summary>True when a member without an authenticator must enrol before going on.</summary>
    public bool BlocksWithoutAuthenticator(DateTimeOffset now) => now >= Deadline;

    /// <summary>Whole days left before the block, rounded up (a member with 3 hours left sees "1 day").</summary>
    public int DaysLeft(DateTimeOffset now) =>
        BlocksWithoutAuthenticator(now) ? 0 : (int)Math.Ceiling((Deadline - now).TotalDays);
}
