using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.DataProtection;
using Portal.Core.Invitations;
using Portal.Core.Legacy;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Core.Security;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Diagnostics;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Support;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Infrastructure;

public static class ServiceRegistration
{
    public static void AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();

        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddHttpContextAccessor();

        var countSqlRoundTrips = SqlRoundTrips.IsEnabled(configuration);
        if (countSqlRoundTrips)
        {
            services.AddSingleton<SqlRoundTripInterceptor>();
        }

        // Pooled: the options are built once at start-up and contexts are reused, instead of configuring
        // Npgsql, warnings and interceptors and constructing a context on every request (the benchmark
        // showed that work as a tenth of a page's CPU). PortalDbContext keeps no state of its own.
        services.AddDbContextPool<PortalDbContext>((provider, options) =>
        {
            options
                .UseNpgsql(ConnectionString(configuration),
                    // A few quick retries ride out a failover or a dropped connection; a database that
                    // stays down answers the friendly 503 page within seconds rather than hanging.
                    npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(1), null));
            if (countSqlRoundTrips)
            {
                options.AddInterceptors(provider.GetRequiredService<SqlRoundTripInterceptor>());
            }
        });

        AddIdentity(services, portal);
        services.AddPortalDataProtection(configuration);
        services.AddScoped<AuditLog>();
        services.AddScoped<UserSessionService>();
        services.AddScoped<KnownBrowsers>();
        services.AddHostedService<SessionRevocationListener>();
        services.AddScoped<AttemptLimit>();
        services.AddScoped<ActorRights>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<PasswordChange>();
        services.AddScoped<PasswordConfirmation>();
        services.AddScoped<TimedTokens>();
        services.AddScoped<SecurityChanges>();
        services.AddScoped<TwoFactorSettings>();
        services.AddScoped<AuthenticatorService>();
        services.AddScoped<BackupCodeService>();
        services.AddScoped<BackupEmailService>();
        services.AddScoped<TwoFactorLogin>();
        services.AddScoped<MfaEnforcement>();
        services.AddScoped<AdminMfaReset>();
        services.AddScoped<ClientDirectory>();
        services.AddScoped<LegacyLogin>();
        services.AddScoped<LegacyMigrationService>();
        services.AddScoped<LegacyImport>();
        services.AddScoped<LegacyDirectory>();
        services.AddSingleton<LegacyLoginTicket>();
        services.AddScoped<UserWorkspaces>();
        services.AddScoped<CurrentTenant>();
        services.AddScoped<InvitationService>();
        services.AddScoped<MembershipService>();
        services.AddScoped<OrganisationSettings>();
        services.AddScoped<OrganisationAuditTrail>();
        services.AddScoped<RecoveryService>();
        services.AddScoped<SupportDirectory>();
        services.AddScoped<SupportStaff>();
        services.AddScoped<RecoveryCompletion>();
        services.AddScoped<SupportStaffFilter>();
        services.AddHostedService<RecoveryWorker>();
        services.AddPortalMail(configuration);

        services.AddPortalLocalization(portal.RequireHttps);
        services.AddRazorPages(options =>
            {
                // Signed in by default; a page model opts out with [AllowAnonymous] (which wins over
                // Authorize), and PageAccessTests holds the list of the pages that may.
                options.Conventions.AuthorizeFolder("/");
                // The support console, in one place: 404 for everyone but support staff, who must use 2FA.
                options.Conventions.AddFolderApplicationModelConvention("/Support",
                    model => model.Filters.Add(new ServiceFilterAttribute(typeof(SupportStaffFilter))));
            })
            .AddMvcOptions(options =>
            {
                options.Filters.Add<TenantPageFilter>();
                options.Filters.Add<BoundedInputFilter>();
                options.ModelBinderProviders.Insert(0, new CheckboxModelBinderProvider());
                options.Filters.AddService<OutboxCommitFilter>();
            })
            .AddPortalViewLocalization();

        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("mail", tags: ["ready"]);
        // One failing background service (or one poisoned message) must never stop the portal.
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.AddCredentialRateLimit(configuration);
        AddForwardedHeaders(services, portal);

        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
    }

    /// <summary>
    /// The configured connection string, plus automatic preparation unless it sets its own: every
    /// request runs the same handful of statements, so each connection prepares them once and
    /// PostgreSQL stops parsing and planning them again (the benchmark showed that work as about half
    /// of a page's database time). And unless it passes its own server options, the planner is told
    /// that a random page read costs little more than a sequential one (random_page_cost 1.1, what
    /// PostgreSQL's documentation suggests for SSDs and data that stays cached): with the default of
    /// 4, meant for spinning disks, it read all 20,000 users to list an office's 500 members instead
    /// of looking up those 500 (the benchmark's admin users page, 3.6× slower in PostgreSQL).
    /// </summary>
    private static string? ConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Portal");
        if (string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c random_page_cost=1.1";
        }

        return builder.ConnectionString;
    }

    private static void AddIdentity(IServiceCollection services, PortalOptions portal)
    {
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
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddUserManager<PortalUserManager>()
            .AddSignInManager<PortalSignInManager>()
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
    }

    private static void AddForwardedHeaders(IServiceCollection services, PortalOptions portal)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in portal.TrustedProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
    }
}
