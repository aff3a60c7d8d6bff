using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Core.Mfa;
using Portal.Core.Security;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Infrastructure.Authentication;

public static class AccountRegistration
{
    /// <summary>
    /// Logins: ASP.NET Core Identity with the portal's password rules and hashing, its cookies (one
    /// session cookie, the half-login of the second step, "remember this device"), server-side
    /// sessions, lockout, and re-authentication before security changes.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, PortalOptions portal)
    {
        services.AddScoped<UserSessionService>();
        services.AddScoped<KnownBrowsers>();
        services.AddScoped<SignInRead>();
        services.AddScoped<PreferredLanguage>();
        services.AddSingleton<SessionRevocationListener>();
        services.AddHostedService(provider => provider.GetRequiredService<SessionRevocationListener>());
        services.AddScoped<AttemptLimit>();
        services.AddScoped<ActorRights>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<PasswordChange>();
        services.AddScoped<Reauthentication>();

        services.AddIdentity<PortalUser, IdentityRole<Guid>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // PasswordPolicy (NIST SP 800-63B) replaces Identity's composition rules.
                options.Password.RequiredLength = 1;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                // OWASP ASVS 5.0 V6.3.1: a throttle on failed attempts for each account.
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Tokens.PasswordResetTokenProvider = ExpiringTokenProvider.Name;
                // The passkey table (AspNetUserPasskeys); PortalDbContext pins the same version.
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddUserManager<PortalUserManager>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ExpiringTokenProvider>(ExpiringTokenProvider.Name)
            .AddPasswordValidator<PortalPasswordValidator>();

        // OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA512 at 210,000 iterations
        // (Identity's V3 format already uses HMAC-SHA512; its default count is 100,000).
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordLogin.PasswordHashIterations);

        services.ConfigureApplicationCookie(options =>
        {
            // ASVS 5.0 V3.3: HttpOnly, Secure and the __Host- prefix (no Domain, Path=/) outside
            // local development; SameSite=Lax so a link in an e-mail still arrives signed in.
            PortalCookies.Apply(options.Cookie, PortalCookies.Session, portal.RequireHttps);
            // The lifetime of a "remember me" cookie; without it the cookie ends with the browser,
            // and the server-side session applies its own idle and absolute timeouts.
            options.ExpireTimeSpan = UserSessionService.PersistentLifetime;
            options.SlidingExpiration = true;
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/";
            options.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            PortalCookies.Apply(options.Cookie, PortalCookies.TwoFactorStep, portal.RequireHttps);
            // A password-verified login waits at most five minutes for its second factor, counted
            // from the password: visiting /login/2fa does not extend it.
            options.ExpireTimeSpan = TwoFactorLogin.PendingLifetime;
            options.SlidingExpiration = false;
        });
        // Never issued (no external logins), but signing in deletes it, and that deletion is a cookie too.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme,
            options => PortalCookies.Apply(options.Cookie, PortalCookies.External, portal.RequireHttps));
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, options =>
        {
            // "Remember this device for 30 days"; bound to the security stamp (PortalSignInManager).
            PortalCookies.Apply(options.Cookie, PortalCookies.RememberDevice, portal.RequireHttps);
            options.ExpireTimeSpan = TwoFactorLogin.RememberDeviceFor;
            options.SlidingExpiration = false;
        });
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            PortalCookies.Apply(options.Cookie, PortalCookies.Messages, portal.RequireHttps);
        });
        services.AddAntiforgery(options =>
        {
            PortalCookies.Apply(options.Cookie, PortalCookies.Antiforgery, portal.RequireHttps, SameSiteMode.Strict);
        });
        return services;
    }
}
