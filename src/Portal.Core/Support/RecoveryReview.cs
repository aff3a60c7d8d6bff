using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Security;

namespace Portal.Core.Support;

public enum DecisionStatus
{
    NotFound,

    /// <summary>Decided already (approved, rejected, cancelled or completed).</summary>
    NotOpen,
    ChecklistIncomplete,

    /// <summary>Four eyes: the agent who gave the first approval cannot give the second.</summary>
    SameAgent,

    /// <summary>First approval of an admin's request recorded; a second agent must approve.</summary>
    AwaitingSecondApproval,
    Approved,
    Rejected,
}

public sealed record Decision(DecisionStatus Status, RecoveryRequest? Request = null, string? CancelToken = null);

public sealed record RecoveryDocumentInfo(Guid Id, RecoveryDocumentKind Kind, string FileName, string ContentType, long Size);

public sealed record DocumentFile(RecoveryDocument Document, byte[] Content);

/// <summary>
/// Support's review of a recovery request (see README.md beside this file): the queue, the
/// documents (every view audited), the checklist, and the decision — approval only with the
/// checklist complete, four eyes (two different agents) for organisation admins, then a
/// cooling-off the owner can cancel. Only support staff may review, decide or open documents
/// (<see cref="ActorRights"/>).
/// </summary>
public sealed class RecoveryReview(PortalDbContext db, AuditLog audit, TimeProvider clock, IDataProtectionProvider dataProtection, ActorRights rights)
{
    public static readonly TimeSpan CoolingOff = TimeSpan.FromHours(24);
    public const int QueueSize = 100;

    public Task<List<RecoveryRequest>> QueueAsync() =>
        db.RecoveryRequests.AsNoTracking().Include(r => r.User)
            .Where(r => r.Status == RecoveryStatus.Submitted || r.Status == RecoveryStatus.InReview || r.Status == RecoveryStatus.Approved)
            .OrderBy(r => r.CreatedAt).Take(QueueSize).ToListAsync();

    public Task<RecoveryRequest?> FindAsync(Guid id) =>
        db.RecoveryRequests.AsNoTracking().Include(r => r.User).SingleOrDefaultAsync(r => r.Id == id);

    /// <summary>The documents of a request without their content (which only leaves through <see cref="OpenDocumentAsync"/>).</summary>
    public Task<List<RecoveryDocumentInfo>> DocumentsOfAsync(Guid requestId) =>
        db.RecoveryDocuments.AsNoTracking().Where(d => d.RequestId == requestId).OrderBy(d => d.Kind)
            .Select(d => new RecoveryDocumentInfo(d.Id, d.Kind, d.FileName, d.ContentType, d.Size)).ToListAsync();

    /// <summary>False when the request is unknown or already decided.</summary>
    public async Task<bool> SaveChecklistAsync(Guid id, PortalUser agent, bool nameMatches, bool selfieMatches, bool registryMatches, bool callbackMade, string? notes)
    {
        var (request, _) = await UndecidedAsync(id, agent);
        if (request is null)
        {
            return false;
        }

        request.Status = RecoveryStatus.InReview;
        request.NameMatchesAccount = nameMatches;
        request.SelfieMatchesDocument = selfieMatches;
        request.RegistryExtractMatches = registryMatches;
        request.CallbackMade = callbackMade;
        request.Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        audit.Add(AuditEventTypes.RecoveryChecklistSaved, agent, target: request.User,
            details: new { requestId = request.Id, nameMatches, selfieMatches, registryMatches, callbackMade });
        await db.SaveChangesAsync();
        return true;
    }

    public async Task<Decision> ApproveAsync(Guid id, PortalUser agent)
    {
        var (request, refusal) = await UndecidedAsync(id, agent);
        if (request is null)
        {
            return refusal!;
        }

        if (!request.ChecklistComplete)
        {
            return new Decision(DecisionStatus.ChecklistIncomplete, request);
        }

        if (request.NeedsSecondApprover && request.FirstApproverId is null)
        {
            request.FirstApproverId = agent.Id;
            request.Status = RecoveryStatus.InReview;
            audit.Add(AuditEventTypes.RecoveryFirstApproval, agent, target: request.User, details: new { requestId = request.Id });
            await db.SaveChangesAsync();
            return new Decision(DecisionStatus.AwaitingSecondApproval, request);
        }

        if (request.FirstApproverId == agent.Id)
        {
            return new Decision(DecisionStatus.SameAgent, request);
        }

        var now = clock.GetUtcNow();
        if (request.FirstApproverId is null)
        {
            request.FirstApproverId = agent.Id;
        }
        else
        {
            request.SecondApproverId = agent.Id;
        }

        // A new link for the approval e-mail: it shows the status and cancels during the cooling-off.
        var (token, hash) = SecretToken.Create();
        request.CancelTokenHash = hash;
        request.Status = RecoveryStatus.Approved;
        request.ApprovedAt = now;
        request.DecidedAt = now;
        request.EffectiveAt = now + CoolingOff;
        audit.Add(AuditEventTypes.RecoveryApproved, agent, target: request.User,
            details: new { requestId = request.Id, effectiveAt = request.EffectiveAt });
        await db.SaveDecisionAsync(audit, request);
        return new Decision(DecisionStatus.Approved, request, token);
    }

    public async Task<Decision> RejectAsync(Guid id, PortalUser agent, string reason)
    {
        var (request, refusal) = await UndecidedAsync(id, agent);
        if (request is null)
        {
            return refusal!;
        }

        request.Status = RecoveryStatus.Rejected;
        request.RejectedReason = reason.Trim();
        request.DecidedAt = clock.GetUtcNow();
        audit.Add(AuditEventTypes.RecoveryRejected, agent, target: request.User, details: new { requestId = request.Id });
        await db.SaveDecisionAsync(audit, request);
        return new Decision(DecisionStatus.Rejected, request);
    }

    /// <summary>A document, decrypted for a support agent; the view is audited before the bytes leave.</summary>
    public async Task<DocumentFile?> OpenDocumentAsync(Guid requestId, Guid documentId, PortalUser agent, bool preview)
    {
        await rights.DemandSupportAsync(agent);
        var document = await db.RecoveryDocuments.Include(d => d.Request).ThenInclude(r => r!.User)
            .SingleOrDefaultAsync(d => d.Id == documentId && d.RequestId == requestId);
        if (document is null || (preview && !RecoveryDocuments.IsImage(document.ContentType)))
        {
            return null;
        }

        await audit.WriteAsync(AuditEventTypes.RecoveryDocumentViewed, agent, target: document.Request!.User,
            details: new { requestId, documentId, kind = document.Kind.ToString(), mode = preview ? "preview" : "download" });
        return new DocumentFile(document, RecoveryDocuments.ProtectorOf(dataProtection).Unprotect(document.Content));
    }

    /// <summary>The request, for support staff only, while it is still undecided; otherwise why not (unknown, or decided already).</summary>
    private async Task<(RecoveryRequest? Request, Decision? Refusal)> UndecidedAsync(Guid id, PortalUser agent)
    {
        await rights.DemandSupportAsync(agent);
        var request = await db.RecoveryRequests.Include(r => r.User).SingleOrDefaultAsync(r => r.Id == id);
        return request is null ? (null, new Decision(DecisionStatus.NotFound))
            : request.Status is not (RecoveryStatus.Submitted or RecoveryStatus.InReview) ? (null, new Decision(DecisionStatus.NotOpen, request))
            : (request, null);
    }
}
