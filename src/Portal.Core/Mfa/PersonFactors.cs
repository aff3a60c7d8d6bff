namespace Portal.Core.Mfa;

/// <summary>
/// The second factors one person has, as <see cref="MfaPolicy"/> weighs them. Passkeys join as a
/// count beside <see cref="AuthenticatorApps"/>, with their own "without one" and their own line in
/// <see cref="Meet"/>.
/// </summary>
public sealed record PersonFactors(int AuthenticatorApps)
{
    public static readonly PersonFactors None = new(0);

    /// <summary>True when logins ask for a second factor.</summary>
    public bool Any => AuthenticatorApps > 0;

    public PersonFactors WithoutOneAuthenticatorApp() => this with { AuthenticatorApps = Math.Max(0, AuthenticatorApps - 1) };

    /// <summary>Whether these factors satisfy an organisation's level.</summary>
    public bool Meet(MfaLevel level) => level switch
    {
        MfaLevel.None => true,
        MfaLevel.AnyMfa => Any,
        _ => false,
    };
}
