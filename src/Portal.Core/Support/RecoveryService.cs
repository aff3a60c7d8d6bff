using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Core.Security;

namespace Portal.Core.Support;

/// <summary>An uploaded file as the request form received it (already checked with <see cref="RecoveryDocuments"/>).</summary>
public sealed record UploadedDocument(RecoveryDocumentKind Kind, string? FileName, byte[] Content);

public enum SubmitStatus
{
    Submitted,

    /// <summary>The person already has a request that is not decided yet.</summary>
    AlreadyOpen,
}

public sealed record SubmitResult(SubmitStatus Status, RecoveryRequest? Request = null, string? Token = null);

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

/// <summary>An applied reset: the person, and the admins of the organisations they belong to, to be told.</summary>
public sealed record CompletedRecovery(PortalUser User, IReadOnlyList<(PortalUser Admin, string OrganisationName)> Admins);

public sealed record RecoveryDocumentInfo(Guid Id, RecoveryDocumentKind Kind, string FileName, string ContentType, long Size);

public sealed record DocumentFile(RecoveryDocument Document, byte[] Content);

/// <summary>
/// The rules of support recovery (see README.md beside this file): one open request per person,
/// documents encrypted and deleted on decision, approval only with the checklist complete, four
/// eyes for organisation admins, a cooling-off the owner can cancel, the reset through
/// <see cref="TwoFactorSettings.ResetAsync"/>, every document view audited. Only support staff may
/// review, decide or open documents (<see cref="ActorRights"/>).
/// </summary>
public sealed class RecoveryService(
    PortalDbContext db,
    AuditLog audit,
    TimeProvider clock,
    TwoFactorSettings twoFactor,
    UserManager<PortalUser> users,
    IDataProtectionProvider dataProtection,
    ActorRights rights)
{
    public static readonly TimeSpan CoolingOff = TimeSpan.FromHours(24);
    public static readonly TimeSpan DocumentRetention = TimeSpan.FromDays(30);
    public const int QueueSize = 100;
    public const int MaxSearchLength = 100;

    private IDataProtector Protector => dataProtection.CreateProtector(RecoveryDocuments.ProtectorPurpose);

    public Task<bool> IsOrganisationAdminAsync(Guid userId) =>
        db.Memberships.AnyAsync(m => m.UserId == userId && m.Role == OrganisationRole.Admin);

    public Task<bool> HasOpenRequestAsync(Guid userId) =>
        db.RecoveryRequests.AnyAsync(r => r.UserId == userId
            && (r.Status == RecoveryStatus.Submitted || r.Status == RecoveryStatus.InReview || r.Status == RecoveryStatus.Approved));

    public async Task<SubmitResult> SubmitAsync(PortalUser user, string whatHappened, string callbackPhone, IReadOnlyList<UploadedDocument> documents)
    {
        if (await HasOpenRequestAsync(user.Id))
        {
            return new SubmitResult(SubmitStatus.AlreadyOpen);
        }

        var now = clock.GetUtcNow();
        var (token, hash) = SecretToken.Create();
        var request = new RecoveryRequest
        {
            UserId = user.Id,
            Status = RecoveryStatus.Submitted,
            WhatHappened = whatHappened.Trim(),
            CallbackPhone = callbackPhone.Trim(),
            IsOrganisationAdmin = await IsOrganisationAdminAsync(user.Id),
            CancelTokenHash = hash,
            CreatedAt = now,
        };
        foreach (var upload in documents)
        {
            var contentType = RecoveryDocuments.ContentTypeOf(upload.Content)
                ?? throw new ArgumentException("Check documents with RecoveryDocuments before submitting.", nameof(documents));
            request.Documents.Add(new RecoveryDocument
            {
                Kind = upload.Kind,
                FileName = RecoveryDocuments.SafeFileName(upload.FileName, contentType),
                ContentType = contentType,
                Size = upload.Content.LongLength,
                Content = Protector.Protect(upload.Content),
                CreatedAt = now,
            });
        }

        db.RecoveryRequests.Add(request);
        audit.Add(AuditEventTypes.RecoveryRequested, user, target: user,
            details: new { requestId = request.Id, documents = request.Documents.Count });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The partial unique index allows one open request per person: a concurrent twin lost.
            db.ChangeTracker.Clear();
            return new SubmitResult(SubmitStatus.AlreadyOpen);
        }

        return new SubmitResult(SubmitStatus.Submitted, request, token);
    }

    /// <summary>The request an e-mailed status link points at, or null for an unknown or outdated link.</summary>
    public async Task<RecoveryRequest?> FindByTokenAsync(string? token) =>
        SecretToken.IsWellFormed(token)
            ? await db.RecoveryRequests.Include(r => r.User).SingleOrDefaultAsync(r => r.CancelTokenHash == SecretToken.Hash(token!))
            : null;

    /// <summary>"This wasn't me": the owner stops a request before its reset is applied.</summary>
    public async Task<RecoveryRequest?> CancelAsync(string? token)
    {
        var request = await FindByTokenAsync(token);
        if (request is null || !request.IsOpen)
        {
            return null;
        }

        request.Status = RecoveryStatus.Cancelled;
        request.DecidedAt = clock.GetUtcNow();
        audit.Add(AuditEventTypes.RecoveryCancelled, request.User, target: request.User, details: new { requestId = request.Id });
        await DecideAsync(request);
        return request;
    }

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
        await rights.DemandSupportAsync(agent);
        var request = await db.RecoveryRequests.Include(r => r.User).SingleOrDefaultAsync(r => r.Id == id);
        if (request is null || request.Status is not (RecoveryStatus.Submitted or RecoveryStatus.InReview))
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
        await rights.DemandSupportAsync(agent);
        var request = await db.RecoveryRequests.Include(r => r.User).SingleOrDefaultAsync(r => r.Id == id);
        if (request is null)
        {
            return new Decision(DecisionStatus.NotFound);
        }

        if (request.Status is not (RecoveryStatus.Submitted or RecoveryStatus.InReview))
        {
            return new Decision(DecisionStatus.NotOpen, request);
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
        await DecideAsync(request);
        return new Decision(DecisionStatus.Approved, request, token);
    }

    public async Task<Decision> RejectAsync(Guid id, PortalUser agent, string reason)
    {
        await rights.DemandSupportAsync(agent);
        var request = await db.RecoveryRequests.Include(r => r.User).SingleOrDefaultAsync(r => r.Id == id);
        if (request is null)
        {
            return new Decision(DecisionStatus.NotFound);
        }

        if (request.Status is not (RecoveryStatus.Submitted or RecoveryStatus.InReview))
        {
            return new Decision(DecisionStatus.NotOpen, request);
        }

        request.Status = RecoveryStatus.Rejected;
        request.RejectedReason = reason.Trim();
        request.DecidedAt = clock.GetUtcNow();
        audit.Add(AuditEventTypes.RecoveryRejected, agent, target: request.User, details: new { requestId = request.Id });
        await DecideAsync(request);
        return new Decision(DecisionStatus.Rejected, request);
    }

    /// <summary>
    /// Applies every approved request whose cooling-off is over (or only <paramref name="userId"/>'s,
    /// when the person logs in): the status flips first with a conditional update, so two instances
    /// never apply one request twice; then MFA is reset as an admin reset does.
    /// </summary>
    public async Task<IReadOnlyList<CompletedRecovery>> ApplyDueAsync(Guid? userId = null)
    {
        var now = clock.GetUtcNow();
        var due = await db.RecoveryRequests.AsNoTracking()
            .Where(r => r.Status == RecoveryStatus.Approved && r.EffectiveAt <= now && (userId == null || r.UserId == userId))
            .Select(r => new { r.Id, r.UserId, Approver = r.SecondApproverId ?? r.FirstApproverId })
            .ToListAsync();
        var completed = new List<CompletedRecovery>();
        foreach (var request in due)
        {
            var claimed = await db.RecoveryRequests
                .Where(r => r.Id == request.Id && r.Status == RecoveryStatus.Approved)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecoveryStatus.Completed));
            if (claimed == 0)
            {
                continue;
            }

            var approver = request.Approver is { } approverId ? await users.FindByIdAsync(approverId.ToString()) : null;
            if (!await twoFactor.ResetAsync(request.UserId, approver))
            {
                continue;
            }

            var user = (await users.FindByIdAsync(request.UserId.ToString()))!;
            await audit.WriteAsync(AuditEventTypes.RecoveryCompleted, approver, target: user, details: new { requestId = request.Id });
            var admins = await db.Memberships.AsNoTracking()
                .Where(m => db.Memberships.Any(own => own.UserId == request.UserId && own.OrganisationId == m.OrganisationId)
                    && m.Role == OrganisationRole.Admin && m.UserId != request.UserId)
                .Select(m => new { m.User, m.Organisation!.Name })
                .ToListAsync();
            completed.Add(new CompletedRecovery(user, admins.Select(a => (a.User!, a.Name)).ToList()));
        }

        return completed;
    }

    /// <summary>Data minimisation: documents still stored 30 days after upload are deleted, whatever the request's state.</summary>
    public async Task<int> PurgeOldDocumentsAsync()
    {
        var cutoff = clock.GetUtcNow() - DocumentRetention;
        var purged = await db.RecoveryDocuments.Where(d => d.CreatedAt <= cutoff).ExecuteDeleteAsync();
        if (purged > 0)
        {
            await audit.WriteAsync(AuditEventTypes.RecoveryDocumentsPurged, null, details: new { documents = purged });
        }

        return purged;
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
        return new DocumentFile(document, Protector.Unprotect(document.Content));
    }

    /// <summary>Saves a decision and deletes the request's documents in one transaction: decided means no documents left.</summary>
    private Task DecideAsync(RecoveryRequest request) =>
        db.InTransactionAsync(async () =>
        {
            await DeleteDocumentsAsync(request);
            await db.SaveChangesAsync();
        });

    private async Task DeleteDocumentsAsync(RecoveryRequest request)
    {
        var deleted = await db.RecoveryDocuments.Where(d => d.RequestId == request.Id).ExecuteDeleteAsync();
        if (deleted > 0)
        {
            audit.Add(AuditEventTypes.RecoveryDocumentsDeleted, null, target: request.User, details: new { requestId = request.Id, documents = deleted });
        }
    }
}
