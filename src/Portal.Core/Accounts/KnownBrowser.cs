namespace Portal.Core.Accounts;

/// <summary>
/// A browser that has signed in to an account before, known by a random long-lived cookie (never
/// a fingerprint); only the cookie's SHA-256 is stored. A sign-in from a browser that is not
/// known for the account sends the "new sign-in" notice (OWASP ASVS 5.0 V6.3.5 / V7.2, as GitHub
/// and Google do).
/// </summary>
public sealed class KnownBrowser
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    /// <summary>SHA-256 of the browser cookie, hex.</summary>
    public string BrowserHash { get; set; } = "";

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}
