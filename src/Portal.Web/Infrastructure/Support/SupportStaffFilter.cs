using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Portal.Core.Accounts;
using Portal.Core.Mfa;

namespace Portal.Web.Infrastructure.Support;

/// <summary>
/// The gate of /support and everything under it (applied to the folder in ServiceRegistration): a
/// 404 for anyone who is not platform support staff — never a 403 that confirms the console exists —
/// and support staff without an authenticator app are sent to enrol one first (support must use 2FA),
/// on a page that says why and brings them back to the console afterwards.
/// The role is read from the database on every request, so removing it takes effect at once.
/// </summary>
public sealed class SupportStaffFilter(UserManager<PortalUser> users, SecondFactors secondFactors) : IAsyncPageFilter
{
    public const string EnrolPath = "/account/security/required?for=support";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var id = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : await users.FindByIdAsync(id);
        if (user is null || !await users.IsInRoleAsync(user, PlatformRoles.Support))
        {
            context.Result = new NotFoundResult();
            return;
        }

        if (!await secondFactors.HasAnyAsync(user.Id))
        {
            context.Result = new RedirectResult(EnrolPath);
            return;
        }

        await next();
    }
}
