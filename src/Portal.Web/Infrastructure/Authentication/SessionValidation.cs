using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Portal.Core.Accounts;

namespace Portal.Web.Infrastructure.Authentication;

/// <summary>
/// Checks the cookie's server-side session on every request: a cookie whose session was ended
/// (logout, password change, MFA reset) or timed out is refused even if it was copied elsewhere
/// (OWASP ASVS 5.0 V7.4.1, V7.3.1, V7.3.2).
/// </summary>
public static class SessionValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var sessionId = principal is null ? null : PortalSignInManager.SessionId(principal);
        var userId = Guid.TryParse(principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id)
            ? id
            : Guid.Empty;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessionService>();
        if (sessionId is null || !await sessions.ValidateAsync(sessionId.Value, userId))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }
}
