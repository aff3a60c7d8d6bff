using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;

namespace Portal.Web.Pages.Support;

/// <summary>
/// /support/requests/{id}: one recovery request — documents (download, image preview; every view
/// audited), the checklist and notes, approve (checklist complete; four eyes for admins) or reject.
/// </summary>
public sealed class RequestModel(RecoveryReview recoveries, SupportDirectory directory, UserManager<PortalUser> users, Mailer mail)
    : PortalPageModel
{
    public RecoveryRequest Recovery { get; private set; } = null!;

    public IReadOnlyList<RecoveryDocumentInfo> Documents { get; private set; } = [];

    public IReadOnlyList<SupportMembership> Memberships { get; private set; } = [];

    [BindProperty]
    public ChecklistInput Checklist { get; set; } = new();

    [BindProperty]
    public RejectInput Rejection { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Checklist = ChecklistInput.From(Recovery);
        return Page();
    }

    public async Task<IActionResult> OnPostChecklistAsync(Guid id)
    {
        ValidateOnly("Checklist");
        if (!ModelState.IsValid)
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }

        if (!await recoveries.SaveChecklistAsync(id, await AgentAsync(), Checklist.NameMatchesAccount, Checklist.SelfieMatchesDocument,
                Checklist.RegistryExtractMatches, Checklist.CallbackMade, Checklist.Notes))
        {
            return NotFound();
        }

        SetStatus("Checklist saved.");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id)
    {
        var decision = await recoveries.ApproveAsync(id, await AgentAsync());
        if (decision.Status == DecisionStatus.NotFound)
        {
            return NotFound();
        }

        if (decision is { Status: DecisionStatus.Approved, Request: { } request })
        {
            mail.Send(request.User!, new RecoveryApprovedEmail(request.User!.Email!, request.EffectiveAt!.Value, Account.RecoveryStatusModel.PathFor(decision.CancelToken!)));
        }

        // One SetStatus per outcome: each message is a text the translations know (LocalizationTests).
        switch (decision.Status)
        {
            case DecisionStatus.ChecklistIncomplete: SetStatus("Complete the checklist before approving."); break;
            case DecisionStatus.SameAgent: SetStatus("You gave the first approval. A different support agent must give the second."); break;
            case DecisionStatus.NotOpen: SetStatus("This request is already decided."); break;
            case DecisionStatus.AwaitingSecondApproval: SetStatus("First approval recorded. This person is an organisation administrator: a second support agent must approve too."); break;
            default: SetStatus("Approved. Two-factor authentication is reset after the 24-hour cooling-off, unless the person cancels."); break;
        }

        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id)
    {
        ValidateOnly("Rejection");
        if (!ModelState.IsValid)
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }

        var decision = await recoveries.RejectAsync(id, await AgentAsync(), Rejection.Reason);
        if (decision.Status == DecisionStatus.NotFound)
        {
            return NotFound();
        }

        if (decision.Status == DecisionStatus.Rejected)
        {
            mail.Send(decision.Request!.User!, new RecoveryRejectedEmail(decision.Request.User!.Email!, decision.Request.RejectedReason!));
            SetStatus("Rejected. The person was told the reason by e-mail.");
        }
        else
        {
            SetStatus("This request is already decided.");
        }

        return RedirectToPage(new { id });
    }

    /// <summary>Always a download (Content-Disposition: attachment), never rendered by the browser.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(Guid id, Guid documentId)
    {
        if (await recoveries.OpenDocumentAsync(id, documentId, await AgentAsync(), preview: false) is not { } file)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return File(file.Content, file.Document.ContentType, file.Document.FileName);
    }

    /// <summary>An inline preview for JPEG and PNG only: a PDF (or anything else) is never shown inline.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(Guid id, Guid documentId)
    {
        if (await recoveries.OpenDocumentAsync(id, documentId, await AgentAsync(), preview: true) is not { } file)
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return File(file.Content, file.Document.ContentType);
    }

    private async Task<PortalUser> AgentAsync() => (await users.GetUserAsync(User))!;

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await recoveries.FindAsync(id) is not { } request)
        {
            return false;
        }

        Recovery = request;
        Documents = await recoveries.DocumentsOfAsync(id);
        Memberships = await directory.MembershipsAsync(request.UserId);
        return true;
    }
}
