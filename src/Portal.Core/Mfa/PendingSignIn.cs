using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Mfa;

/// <summary>The facts a password-verified login carries to the second-factor step.</summary>
public sealed record PendingSignInTicket(Guid UserId, string SecurityStamp, bool RememberMe);

/// <summary>
/// A login whose password was right and whose second factor is still missing, kept in Identity's
/// TwoFactorUserId cookie (encrypted, HttpOnly, five minutes, not sliding; see ServiceRegistration).
/// It carries the security stamp, so a password or 2FA change in the meantime voids it.
/// </summary>
public static class PendingSignIn
{
    private const string RememberMeClaim = "portal:remember_me";

    public static Task BeginAsync(HttpContext http, Guid userId, string securityStamp, bool rememberMe, string stampClaimType)
    {
        var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        identity.AddClaim(new Claim(ClaimTypes.Name, userId.ToString()));
        identity.AddClaim(new Claim(stampClaimType, securityStamp));
        identity.AddClaim(new Claim(RememberMeClaim, rememberMe ? "true" : "false"));
        return http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>The pending login, or null when there is none or its five minutes are over.</summary>
    public static async Task<PendingSignInTicket?> ReadAsync(HttpContext http, string stampClaimType)
    {
        var result = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var principal = result.Succeeded ? result.Principal : null;
        if (!Guid.TryParse(principal?.FindFirstValue(ClaimTypes.Name), out var userId)
            || principal.FindFirstValue(stampClaimType) is not { } stamp)
        {
            return null;
        }

        return new PendingSignInTicket(userId, stamp, principal.FindFirstValue(RememberMeClaim) == "true");
    }

    public static Task EndAsync(HttpContext http) => http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
}
