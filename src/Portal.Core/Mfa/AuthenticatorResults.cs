namespace Portal.Core.Mfa;

/// <summary>What the enrolment page shows: the QR code's URI and the key to type. <see cref="State"/> goes back in the form.</summary>
public sealed record PendingEnrolment(string State, string OtpAuthUri, string KeyForTyping);

public enum EnrolmentStatus
{
    Added,
    WrongCode,

    /// <summary>The enrolment is older than <see cref="AuthenticatorService.EnrolmentLifetime"/>, tampered with, or already confirmed.</summary>
    Expired,
}

/// <summary>The outcome of an enrolment; <see cref="NewBackupCodes"/> holds the set created with the first authenticator, to show once.</summary>
public sealed record EnrolmentResult(EnrolmentStatus Status, IReadOnlyList<string>? NewBackupCodes = null);

public sealed record AuthenticatorSummary(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A removal: done, or refused by the organisations that require 2FA when it is the last app (<see cref="MfaPolicy"/>).</summary>
public sealed record RemovedAuthenticator(string Name, bool TwoFactorTurnedOff, IReadOnlyList<string> RequiredBy)
{
    public bool Removed => RequiredBy.Count == 0;
}

public enum CodeCheck
{
    Accepted,

    /// <summary>The code was right but its time step was accepted before (RFC 6238 §5.2): refused, and audited.</summary>
    Replayed,
    Wrong,
}
