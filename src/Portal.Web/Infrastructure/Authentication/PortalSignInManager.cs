using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Infrastructure.Authentication;

/// <summary>
/// Every sign-in, whatever its path (password, second factor, invitation), starts a server-side
/// session whose id travels in the cookie; sign-out ends it (OWASP ASVS 5.0 V7.4.1).
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    UserSessionService sessions)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string SessionClaim = "sid";

    public override async Task SignInWithClaimsAsync(
        PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var persistent = authenticationProperties?.IsPersistent ?? false;
        var session = await sessions.StartAsync(
            user.Id,
            persistent,
            Context.Connection.RemoteIpAddress?.ToString(),
            Context.Request.Headers.UserAgent.ToString());
        var claims = additionalClaims
            .Where(c => c.Type != SessionClaim)
            .Append(new Claim(SessionClaim, session.Id.ToString()));
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
        await ApplyLanguageAsync(user);
    }

    /// <summary>
    /// The UI follows the person's stored language from sign-in on; someone who never chose one
    /// keeps the language their browser asked for, which is stored so that e-mails use it too.
    /// </summary>
    private async Task ApplyLanguageAsync(PortalUser user)
    {
        if (LocalizationSetup.IsSupported(user.PreferredLanguage))
        {
            LocalizationSetup.WriteCultureCookie(Context.Response, user.PreferredLanguage!);
            return;
        }

        user.PreferredLanguage = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        await UserManager.UpdateAsync(user);
    }

    public override async Task SignOutAsync()
    {
        if (SessionId(Context.User) is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId);
        }

        await base.SignOutAsync();
    }

    public static Guid? SessionId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionClaim), out var id) ? id : null;
}
