using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Security;

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
    UserSessionService sessions,
    KnownBrowsers browsers,
    AuditLog audit,
    Mailer mail)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string SessionClaim = "sid";

    public override async Task SignInWithClaimsAsync(
        PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var persistent = authenticationProperties?.IsPersistent ?? false;
        // A sign-in completed by PasswordLogin saves the session, the audit events and the notice
        // together with its own SaveChanges (one round trip); any other starts its session at once.
        var completion = authenticationProperties?.GetParameter<SignInCompletion>(SignInCompletion.Parameter);
        var address = Context.Connection.RemoteIpAddress?.ToString();
        var userAgent = Context.Request.Headers.UserAgent.ToString();
        var session = completion is null
            ? await sessions.StartAsync(user.Id, persistent, address, userAgent)
            : sessions.Begin(user.Id, persistent, address, userAgent);
        var claims = additionalClaims
            .Where(c => c.Type != SessionClaim)
            .Append(new Claim(SessionClaim, session.Id.ToString()));
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
        await LanguageChoice.ApplyAtSignInAsync(Context, user);
        ViewerTime.RememberZone(Context, user);
        await NoticeNewBrowserAsync(user, completion);
    }

    /// <summary>
    /// A sign-in from a browser the account has not seen is audited and e-mailed to the person (not
    /// the account's very first browser, and never the same browser twice).
    /// </summary>
    private async Task NoticeNewBrowserAsync(PortalUser user, SignInCompletion? completion)
    {
        var browserId = PortalCookies.Read(Context.Request, PortalCookies.Browser);
        if (browserId is not { Length: 32 } || !browserId.All(char.IsAsciiHexDigitLower))
        {
            browserId = KnownBrowsers.NewBrowserId();
        }

        PortalCookies.Append(Context.Response, PortalCookies.Browser, browserId, SameSiteMode.Lax,
            DateTimeOffset.UtcNow + KnownBrowsers.CookieLifetime);
        if (await browsers.RecordSignInAsync(user.Id, browserId, completion) != BrowserFamiliarity.New)
        {
            return;
        }

        var browser = UserAgentSummary.Describe(Context.Request.Headers.UserAgent.ToString());
        mail.Send(user, new NewSignInEmail(user.Email!, browser));
        audit.Add(AuditEventTypes.LoginFromNewBrowser, user, details: new { browser });
        if (completion is null)
        {
            await mail.CommitAsync();
        }
    }

    /// <summary>
    /// Identity treats 2FA as on only when one of its token providers could produce a code; here the
    /// flag alone decides (kept in sync with the authenticators), so that a correct password never
    /// resets the failed-attempt count of someone who still has to pass the second factor.
    /// </summary>
    public override Task<bool> IsTwoFactorEnabledAsync(PortalUser user) => UserManager.GetTwoFactorEnabledAsync(user);

    /// <summary>
    /// A remembered device counts only for its user and while the security stamp it was issued with
    /// is current, so any password or 2FA change forgets every device at once (Identity itself
    /// re-checks the stamp only every 30 minutes).
    /// </summary>
    public override async Task<bool> IsTwoFactorClientRememberedAsync(PortalUser user)
    {
        var result = await Context.AuthenticateAsync(IdentityConstants.TwoFactorRememberMeScheme);
        return result.Principal is { } principal
            && principal.FindFirstValue(ClaimTypes.Name) == user.Id.ToString()
            && principal.FindFirstValue(Options.ClaimsIdentity.SecurityStampClaimType) is { } stamp
            && stamp == await UserManager.GetSecurityStampAsync(user);
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
