using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Mail;

namespace Portal.Core.Data;

internal sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("MailOutbox");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MessageId).HasMaxLength(128);
        builder.Property(m => m.Recipient).HasMaxLength(256);
        builder.Property(m => m.Language).HasMaxLength(8);
        builder.Property(m => m.Template).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(500);
        builder.HasIndex(m => m.MessageId).IsUnique();
        // The sender's claim and the health check read only what still waits.
        builder.HasIndex(m => m.CreatedAt).HasFilter("\"Status\" = 0").HasDatabaseName("IX_MailOutbox_Pending");
    }
}
