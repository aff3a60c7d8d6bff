using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;

namespace Portal.Web.Infrastructure.Security;

/// <summary>
/// The one edge check for what a page takes from its address (OWASP ASVS 5.0 V2.2.1): a query or
/// route value that does not parse for its type, or breaks the bound its property declares
/// (<see cref="PageNumberAttribute"/>, <see cref="CalendarDateAttribute"/>, any validation attribute),
/// is answered 400 with the friendly error page before the handler runs — on a GET for any of its
/// values, on a post for the address values it carries along (<c>[BindProperty(SupportsGet = true)]</c>).
/// No handler then sees a page number whose OFFSET overflows or a date without a day after it, and a
/// CSV export never starts streaming on one. A post's form fields keep their own answer: the handler
/// shows the errors beside the fields.
/// </summary>
public sealed class BoundedInputFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.ModelState.IsValid)
        {
            return;
        }

        if (HttpMethods.IsGet(context.HttpContext.Request.Method)
            || AddressValues(context.ActionDescriptor).Any(name => context.ModelState.GetFieldValidationState(name) == ModelValidationState.Invalid))
        {
            context.Result = new BadRequestResult();
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }

    private static IEnumerable<string> AddressValues(CompiledPageActionDescriptor page) =>
        page.BoundProperties.OfType<PageBoundPropertyDescriptor>()
            .Where(p => p.Property.GetCustomAttribute<BindPropertyAttribute>()?.SupportsGet == true)
            .Select(p => p.BindingInfo?.BinderModelName ?? p.Name);
}
