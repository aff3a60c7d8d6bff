using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
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

/// <summary>
/// The person's side of support recovery (see README.md beside this file): submit a request during
/// a password-verified login (one open request per person, documents encrypted), follow it from the
/// e-mailed link, and cancel it ("this wasn't me") until the reset is applied.
/// </summary>
public sealed class RecoverySubmission(PortalDbContext db, AuditLog audit, TimeProvider clock, IDataProtectionProvider dataProtection)
{
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
                Content = RecoveryDocuments.ProtectorOf(dataProtection).Protect(upload.Content),
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
        await db.SaveDecisionAsync(audit, request);
        return request;
    }
}
