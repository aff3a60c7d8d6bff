using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Support;

namespace Portal.Core.Data;

// Support recovery. Every index below serves a lookup a page or the background worker makes; the comment names it.

internal sealed class RecoveryRequestConfiguration : IEntityTypeConfiguration<RecoveryRequest>
{
    public void Configure(EntityTypeBuilder<RecoveryRequest> builder)
    {
        builder.ToTable("RecoveryRequests");
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.WhatHappened).HasMaxLength(RecoveryRequest.MaxWhatHappenedLength);
        builder.Property(r => r.CallbackPhone).HasMaxLength(RecoveryRequest.MaxPhoneLength);
        builder.Property(r => r.Notes).HasMaxLength(RecoveryRequest.MaxNotesLength);
        builder.Property(r => r.RejectedReason).HasMaxLength(RecoveryRequest.MaxReasonLength);
        builder.Property(r => r.CancelTokenHash).HasMaxLength(64);
        builder.Ignore(r => r.IsOpen);
        builder.Ignore(r => r.ChecklistComplete);
        builder.Ignore(r => r.NeedsSecondApprover);
        builder.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        // One open request per person, enforced by the database against concurrent submissions.
        builder.HasIndex(r => r.UserId, "IX_RecoveryRequests_UserId_Open").IsUnique()
            .HasFilter("\"Status\" IN ('Submitted', 'InReview', 'Approved')");
        // The e-mailed status / cancel link.
        builder.HasIndex(r => r.CancelTokenHash).IsUnique();
        // The console's queue (open requests, oldest first) and the worker's "cooling-off over" scan.
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => new { r.Status, r.EffectiveAt });
    }
}

internal sealed class RecoveryDocumentConfiguration : IEntityTypeConfiguration<RecoveryDocument>
{
    public void Configure(EntityTypeBuilder<RecoveryDocument> builder)
    {
        builder.ToTable("RecoveryDocuments");
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.FileName).HasMaxLength(RecoveryDocument.MaxFileNameLength);
        builder.Property(d => d.ContentType).HasMaxLength(64);
        builder.HasOne(d => d.Request).WithMany(r => r.Documents).HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Cascade);
        // The request page lists its documents; deletion on decision.
        builder.HasIndex(d => d.RequestId);
        // The 30-day purge.
        builder.HasIndex(d => d.CreatedAt);
    }
}
