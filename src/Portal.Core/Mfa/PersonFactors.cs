namespace Portal.Core.Mfa;

/// <summary>
/// The second factors one person has, as <see cref="MfaPolicy"/> weighs them: authenticator apps
/// (RFC 6238) and passkeys (WebAuthn Level 3). Backup codes recover an account but are no factor of
/// their own: they come with the first app and go with the last factor.
/// </summary>
public sealed record PersonFactors(int AuthenticatorApps, int Passkeys = 0)
{
    public static readonly PersonFactors None = new(0);

    /// <summary>True when logins ask for a second factor.</summary>
    public bool Any => AuthenticatorApps > 0 || Passkeys > 0;

    public PersonFactors WithoutOneAuthenticatorApp() => this with { AuthenticatorApps = Math.Max(0, AuthenticatorApps - 1) };

    public PersonFactors WithoutOnePasskey() => this with { Passkeys = Math.Max(0, Passkeys - 1) };

    /// <summary>Whether these factors satisfy an organisation's level.</summary>
    public bool Meet(MfaLevel level) => level switch
    {
        MfaLevel.None => true,
        MfaLevel.AnyMfa => Any,
        // A passkey is bound to the portal's origin, so a look-alike site cannot relay it (NIST SP
        // 800-63B §5.2.5 "phishing resistance"); a code from an app can be typed into any page.
        MfaLevel.PhishingResistant => Passkeys > 0,
        _ => false,
    };
}
