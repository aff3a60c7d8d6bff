using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Mfa;

namespace Portal.Core.Data;

// Two-factor authentication. Every index below serves a lookup a page makes; the comment names it.

internal sealed class AuthenticatorConfiguration : IEntityTypeConfiguration<Authenticator>
{
    public void Configure(EntityTypeBuilder<Authenticator> builder)
    {
        builder.ToTable("Authenticators");
        builder.Property(a => a.Name).HasMaxLength(Authenticator.MaxNameLength);
        builder.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        // /login/2fa checks a code against the person's authenticators; /account/security lists them.
        builder.HasIndex(a => a.UserId);
    }
}

internal sealed class BackupCodeConfiguration : IEntityTypeConfiguration<BackupCode>
{
    public void Configure(EntityTypeBuilder<BackupCode> builder)
    {
        builder.ToTable("BackupCodes");
        builder.Property(c => c.Hash).HasMaxLength(64);
        builder.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        // /login/recovery checks a code against the unused codes of the person; /account/security counts them.
        builder.HasIndex(c => c.UserId);
    }
}

internal sealed class EmailLoginCodeConfiguration : IEntityTypeConfiguration<EmailLoginCode>
{
    public void Configure(EntityTypeBuilder<EmailLoginCode> builder)
    {
        builder.ToTable("EmailLoginCodes");
        builder.Property(c => c.Hash).HasMaxLength(64);
        builder.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        // /login/recovery looks up the person's outstanding code.
        builder.HasIndex(c => c.UserId);
    }
}
