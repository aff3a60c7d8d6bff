using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Legacy;

namespace Portal.Core.Data;

internal sealed class LegacyAccountConfiguration : IEntityTypeConfiguration<LegacyAccount>
{
    public void Configure(EntityTypeBuilder<LegacyAccount> builder)
    {
        builder.ToTable("LegacyAccounts");
        builder.Property(a => a.Username).HasMaxLength(128);
        builder.Property(a => a.PasswordHash).HasMaxLength(512);
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        // /login looks an old username up.
        builder.HasIndex(a => a.Username).IsUnique();
        // The admins' list of their organisation's legacy accounts.
        builder.HasIndex(a => a.OrganisationId);
        builder.HasOne(a => a.Organisation).WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Environment).WithMany().HasForeignKey(a => a.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LegacyMigrationConfiguration : IEntityTypeConfiguration<LegacyMigration>
{
    public void Configure(EntityTypeBuilder<LegacyMigration> builder)
    {
        builder.ToTable("LegacyMigrations");
        builder.Property(m => m.Email).HasMaxLength(256);
        builder.Property(m => m.DisplayName).HasMaxLength(200);
        builder.Property(m => m.NewPasswordHash).HasMaxLength(512);
        builder.Property(m => m.TokenHash).HasMaxLength(64);
        // The confirmation link is looked up by its token's hash.
        builder.HasIndex(m => m.TokenHash).IsUnique();
        builder.HasIndex(m => m.LegacyAccountId);
        builder.HasOne(m => m.LegacyAccount).WithMany().HasForeignKey(m => m.LegacyAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
