using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Portal.Core.Mfa;
using Portal.Core.Organisations;

namespace Portal.Web.Infrastructure.Tenancy;

/// <summary>
/// Tenancy in one place (OWASP ASVS 5.0 V8.2.2): every page with an <c>{org}</c> route value is
/// resolved against the signed-in user's memberships before any handler runs. A stranger gets
/// 404 — never 403, which would confirm that the organisation exists — and so does a member on
/// an admin page. Pages then read the organisation from <see cref="CurrentTenant"/>, never from a
/// posted id.
/// Enforced MFA is applied here too, for the same reason: when <see cref="MfaPolicy"/> says the
/// organisation blocks the person, every page, form post and download of that organisation (GET and
/// POST alike), and nothing else, sends them to enrolment.
/// </summary>
public sealed class TenantPageFilter(UserWorkspaces workspaces, CurrentTenant tenant, TimeProvider clock) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var route = context.RouteData.Values;
        if (route["org"] is not string organisationSlug)
        {
            await next();
            return;
        }

        var userId = Guid.TryParse(context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : Guid.Empty;
        var organisation = userId == Guid.Empty ? null : await workspaces.FindAsync(userId, organisationSlug);
        EnvironmentSummary? environment = null;
        var refused = organisation is null
            || (route["env"] is string environmentSlug && (environment = organisation.FindEnvironment(environmentSlug)) is null)
            || (RequiresAdmin(context) && !organisation.IsAdmin);
        if (refused)
        {
            context.Result = new NotFoundResult();
            return;
        }

        var mfa = (await workspaces.MfaPolicyAsync(userId)).In(organisation!.Id, clock.GetUtcNow());
        if (mfa.Blocks)
        {
            context.Result = new RedirectResult(EnrolmentRequiredPath(organisation.Slug));
            return;
        }

        tenant.Set(organisation, environment, mfa);
        await next();
    }

    /// <summary>The page that explains which organisation requires 2FA and leads to enrolment.</summary>
    public static string EnrolmentRequiredPath(string? organisationSlug) =>
        "/account/security/required" + (organisationSlug is null ? "" : "?org=" + Uri.EscapeDataString(organisationSlug));

    /// <summary>Per page model type, looked up by reflection once rather than on every request.</summary>
    private static readonly ConcurrentDictionary<Type, bool> AdminPages = new();

    private static bool RequiresAdmin(PageHandlerExecutingContext context) =>
        context.ActionDescriptor.ModelTypeInfo is { } model
        && AdminPages.GetOrAdd(model, type => type.GetCustomAttribute<OrganisationAdminAttribute>() is not null);
}
