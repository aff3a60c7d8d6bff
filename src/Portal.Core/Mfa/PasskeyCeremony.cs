namespace Portal.Core.Mfa;

/// <summary>What a ceremony was started for: registering a new passkey, or signing in with one.</summary>
public enum PasskeyCeremonyKind
{
    Registration = 1,
    SignIn = 2,
}

/// <summary>
/// One WebAuthn ceremony in progress, kept on the server (WebAuthn Level 3 §13.4.3: the challenge is
/// generated and kept by the relying party): Identity's ceremony state (its random challenge), the
/// person it was started for, and when it stops counting. The browser holds only a random token whose
/// SHA-256 is <see cref="TokenHash"/>. Taking the row deletes it, so each challenge is answered once.
/// </summary>
public class PasskeyCeremony
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>SHA-256 of the token the browser holds (never the token itself).</summary>
    public byte[] TokenHash { get; set; } = [];

    public PasskeyCeremonyKind Kind { get; set; }

    /// <summary>The person signed in (registration) or identified by the pending password step (sign-in); null for a discoverable sign-in.</summary>
    public Guid? UserId { get; set; }

    /// <summary>Identity's attestation or assertion state (JSON with the challenge).</summary>
    public string State { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}
