using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Pages;
using Portal.Web.Pages.Account;
using Portal.Web.Pages.Dev;
using Portal.Web.Pages.Invitations;
using Portal.Web.Tests.Infrastructure;
using LegacyConfirmModel = Portal.Web.Pages.Account.Legacy.ConfirmModel;
using LegacyStartModel = Portal.Web.Pages.Account.Legacy.StartModel;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// Who may reach a page and how often, read from the endpoint metadata of every discovered page
/// model (the attributes on the models are the only place these are declared): a page added or
/// renamed tomorrow is covered without touching this file.
/// </summary>
public sealed class PageAccessTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>The contract: the only pages anyone may open without signing in.</summary>
    private static readonly Type[] AnonymousPages =
    [
        typeof(LoginModel), typeof(LoginPasskeyModel), typeof(LogoutModel), typeof(LanguageModel), typeof(ForgotPasswordModel), typeof(ResetPasswordModel),
        typeof(TwoFactorLoginModel), typeof(LoginRecoveryModel), typeof(VerifyBackupEmailModel), typeof(ErrorModel), typeof(MailboxModel),
        typeof(LegacyStartModel), typeof(LegacyConfirmModel), typeof(AcceptModel), typeof(RecoveryRequestModel), typeof(RecoveryStatusModel),
    ];

    /// <summary>
    /// Rate limited although they take no password or code: the forgotten-password form e-mails
    /// anyone, and the legacy confirmation link signs the person in.
    /// </summary>
    private static readonly Type[] AlsoRateLimited = [typeof(ForgotPasswordModel), typeof(LegacyConfirmModel)];

    /// <summary>OWASP ASVS 5.0 V8.2.1: signed in by default; every exception is a decision written down above.</summary>
    [Fact]
    public async Task Only_the_listed_pages_are_reachable_without_signing_in()
    {
        var pages = (await PageCatalogue.AllAsync(factory.Services)).GroupBy(h => h.Model).ToList();
        var anonymous = pages.Where(p => p.Any(h => h.Metadata.GetMetadata<IAllowAnonymous>() is not null)).Select(p => p.Key).ToHashSet();

        var unexpected = anonymous.Except(AnonymousPages).Select(t => t.FullName);
        var missing = AnonymousPages.Except(anonymous).Select(t => t.FullName);
        Assert.True(pages.Count > AnonymousPages.Length, $"Only {pages.Count} pages found");
        Assert.True(!unexpected.Any() && !missing.Any(),
            $"Anonymous but not in the contract: {string.Join(", ", unexpected)}\nIn the contract but signed-in only: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// OWASP ASVS 5.0 V6.3.1: every page with a form that takes a password or a code (found by its
    /// bound fields, never by a list) carries the per-address rate limit.
    /// </summary>
    [Fact]
    public async Task Every_page_that_takes_a_password_or_a_code_is_rate_limited()
    {
        var pages = (await PageCatalogue.AllAsync(factory.Services)).GroupBy(h => h.Model).ToList();
        var credentialPages = pages
            .Where(p => p.Any(h => h.Method == "POST" && h.Fields.Any(TakesASecret)) || AlsoRateLimited.Contains(p.Key))
            .ToList();

        var unlimited = credentialPages
            .Where(p => p.Any(h => h.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName != RateLimits.Credentials
                || h.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null))
            .Select(p => p.Key.FullName)
            .ToList();
        Assert.True(credentialPages.Count >= 15, "Only found: " + string.Join(", ", credentialPages.Select(p => p.Key.Name)));
        Assert.True(unlimited.Count == 0, "Take a password or a code without the rate limit: " + string.Join(", ", unlimited));
    }

    /// <summary>A password, or a one-time code (TOTP, backup code, e-mailed code).</summary>
    private static bool TakesASecret(BoundField field)
    {
        var name = field.Name[(field.Name.LastIndexOf('.') + 1)..];
        return field.Type == typeof(string)
            && (name.Contains("Password", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Code", StringComparison.OrdinalIgnoreCase));
    }
}
