using Microsoft.AspNetCore.DataProtection;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Infrastructure.Authentication;

/// <summary>
/// Proof, for the next 15 minutes, that this browser gave the right old password for a legacy
/// username: an encrypted, time-limited cookie carrying the legacy account's id. The "create your
/// new login" step accepts nothing else.
/// </summary>
public sealed class LegacyLoginTicket(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("Portal.Legacy.LoginTicket.v1").ToTimeLimitedDataProtector();

    public void Issue(HttpResponse response, Guid legacyAccountId) =>
        PortalCookies.Append(response, PortalCookies.LegacyTicket,
            _protector.Protect(legacyAccountId.ToString(), clock.GetUtcNow() + Lifetime), SameSiteMode.Strict);

    public Guid? Read(HttpRequest request)
    {
        if (PortalCookies.Read(request, PortalCookies.LegacyTicket) is not { } value)
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(value, out var expiration);
            return expiration > clock.GetUtcNow() && Guid.TryParse(payload, out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static void Clear(HttpResponse response) => PortalCookies.Delete(response, PortalCookies.LegacyTicket, SameSiteMode.Strict);
}
