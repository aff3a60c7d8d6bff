using Microsoft.AspNetCore.Mvc;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Infrastructure.Support;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Infrastructure;

public static class PageRegistration
{
    /// <summary>
    /// Razor Pages in four languages, and the filters every page passes through: the tenant and its
    /// 2FA requirement (<see cref="TenantPageFilter"/>), bounded input, and the outbox commit.
    /// </summary>
    public static IServiceCollection AddPortalPages(this IServiceCollection services, PortalOptions portal)
    {
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
        return services;
    }
}
