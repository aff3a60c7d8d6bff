using Microsoft.AspNetCore.Mvc.Filters;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// Commits the e-mails a page handler queued after its own command saved, before the response
/// (a redirect, a page) leaves: what the person was told happened has its e-mail in the outbox.
/// Not when the handler failed: then nothing it queued should go.
/// </summary>
public sealed class OutboxCommitFilter(Mailer mail) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled)
        {
            await mail.CommitAsync(context.HttpContext.RequestAborted);
        }
    }
}
