using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Mfa;

namespace Portal.Core.Data;

// Passkeys (WebAuthn): Identity's own passkey table (schema Version3) plus the ceremonies in progress.

internal sealed class PasskeyCeremonyConfiguration : IEntityTypeConfiguration<PasskeyCeremony>
{
    public void Configure(EntityTypeBuilder<PasskeyCeremony> builder)
    {
        builder.ToTable("PasskeyCeremonies");
        builder.Property(c => c.TokenHash).HasMaxLength(32);
        // Answering a ceremony finds it by the hash of the browser's token.
        builder.HasIndex(c => c.TokenHash).IsUnique();
        // Starting a ceremony deletes the expired ones.
        builder.HasIndex(c => c.ExpiresAt);
    }
}

internal sealed class UserPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<Guid>>
{
    /// <summary>When the passkey last signed the person in (Identity keeps no such date); shown on /account/security.</summary>
    public const string LastUsedAt = "LastUsedAt";

    public void Configure(EntityTypeBuilder<IdentityUserPasskey<Guid>> builder) =>
        builder.Property<DateTimeOffset?>(LastUsedAt);
}
