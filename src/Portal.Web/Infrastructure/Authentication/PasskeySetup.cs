using Microsoft.AspNetCore.Identity;
using Portal.Web.Infrastructure.Mail;

namespace Portal.Web.Infrastructure.Authentication;

/// <summary>
/// Identity's WebAuthn settings (WebAuthn Level 3; OWASP ASVS 5.0 V6.5), in one place. The relying
/// party is the configured public address (<see cref="PublicAddress"/>), never the request's Host
/// header: its host is the RP id, and a response is accepted only from exactly that origin (scheme,
/// host and port), never from a frame of another site. Browsers refuse IP addresses as RP ids, so
/// the portal must be reached by name (http://localhost:PORT in Development).
/// </summary>
public static class PasskeySetup
{
    public static IServiceCollection AddPortalPasskeys(this IServiceCollection services)
    {
        services.AddOptions<IdentityPasskeyOptions>().Configure<PublicAddress>((options, address) =>
        {
            var origin = new Uri(address.BaseUrl);
            var expectedOrigin = origin.GetLeftPart(UriPartial.Authority);
            options.ServerDomain = origin.Host;
            // §5.8.6: "required" — the authenticator checks a PIN or biometric, so a passkey alone is
            // two factors (something you have, something you are or know).
            options.UserVerificationRequirement = "required";
            // Discoverable credentials: "Log in with a passkey" without typing an e-mail.
            options.ResidentKeyRequirement = "required";
            // §5.4.7: no attestation statement asked for, so no device details about the person are collected.
            options.AttestationConveyancePreference = "none";
            options.AuthenticatorTimeout = TimeSpan.FromMinutes(3);
            options.ValidateOrigin = context => ValueTask.FromResult(
                !context.CrossOrigin && string.Equals(context.Origin, expectedOrigin, StringComparison.Ordinal));
        });
        return services;
    }
}
