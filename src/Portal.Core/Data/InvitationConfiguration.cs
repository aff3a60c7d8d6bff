using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Accounts;
using Portal.Core.Invitations;

namespace Portal.Core.Data;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("Invitations");
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasOne(i => i.Organisation).WithMany()
            .HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.InvitedBy).WithMany()
            .HasForeignKey(i => i.InvitedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<PortalUser>().WithMany()
            .HasForeignKey(i => i.AcceptedByUserId).OnDelete(DeleteBehavior.SetNull);
        // /invite/{token} finds the invitation by the hash of its token.
        builder.HasIndex(i => i.TokenHash).IsUnique();
        // The pending list of /o/{org}/admin/users and the "already invited?" check; unique, so an
        // address has one open invitation per organisation even when two admins invite it at once.
        builder.HasIndex(i => new { i.OrganisationId, i.Email })
            .IsUnique()
            .HasFilter("\"AcceptedAt\" IS NULL AND \"RevokedAt\" IS NULL");
    }
}
