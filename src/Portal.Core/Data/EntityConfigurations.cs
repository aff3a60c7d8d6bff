using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Organisations;

namespace Portal.Core.Data;

// Every index below serves a lookup a page makes; the comment names it.

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    private static readonly string[] ColumnOrder =
    [
        // 20261122000100_Initial
        nameof(PortalUser.Id), nameof(PortalUser.DisplayName), nameof(PortalUser.PreferredLanguage), nameof(PortalUser.CreatedAt),
        nameof(PortalUser.LastLoginAt), nameof(PortalUser.UserName), nameof(PortalUser.NormalizedUserName), nameof(PortalUser.Email),
        nameof(PortalUser.NormalizedEmail), nameof(PortalUser.EmailConfirmed), nameof(PortalUser.PasswordHash),
        nameof(PortalUser.SecurityStamp), nameof(PortalUser.ConcurrencyStamp), nameof(PortalUser.PhoneNumber),
        nameof(PortalUser.PhoneNumberConfirmed), nameof(PortalUser.TwoFactorEnabled), nameof(PortalUser.LockoutEnd),
        nameof(PortalUser.LockoutEnabled), nameof(PortalUser.AccessFailedCount),
        // 20261122002000_TwoFactor
        nameof(PortalUser.BackupEmail), nameof(PortalUser.BackupEmailVerifiedAt),
        // 20261201224905_UserTimeZone
        nameof(PortalUser.TimeZone),
    ];

    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.PreferredLanguage).HasMaxLength(10);
        builder.Property(u => u.TimeZone).HasMaxLength(64).HasDefaultValue(PortalUser.DefaultTimeZone);
        // The lockout is written only by AttemptLimit's conditional UPDATEs: Identity's UpdateAsync
        // writes every column, and a user loaded before a burst of guesses would put back a stale
        // count (NIST SP 800-63B §5.2.2). New users are inserted with them as usual.
        builder.Property(u => u.AccessFailedCount).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        builder.Property(u => u.LockoutEnd).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        builder.Property(u => u.BackupEmail).HasMaxLength(256);
        // ALTER TABLE … ADD COLUMN appends a column, while EF would place new PortalUser properties
        // before Identity's. Pinning the order keeps a database built by the migrations identical to
        // one built from the model (SchemaTests): append new columns to this list.
        for (var i = 0; i < ColumnOrder.Length; i++)
        {
            builder.Property(ColumnOrder[i]).HasColumnOrder(i);
        }
        // Identity checks that e-mails are unique in code; the database makes it hold under
        // concurrency too (two invitations accepted at the same moment).
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
        // A rename is copied to the user's memberships (migration MemberNameOnMembership).
        builder.ToTable(t => t.HasTrigger("AspNetUsers_MemberName"));
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.Property(s => s.ClientAddress).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(512);
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        // "sign out everywhere else" and the sessions list on /account/security.
        builder.HasIndex(s => s.UserId);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        // Retention within what the settings page allows (AuditRetention reads it unchecked).
        builder.ToTable("Organisations", t => t.HasCheckConstraint("CK_Organisations_AuditRetentionYears",
            $"\"AuditRetentionYears\" BETWEEN {Organisation.MinAuditRetentionYears} AND {Organisation.MaxAuditRetentionYears}"));
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Slug).HasMaxLength(64);
        builder.Property(o => o.RegistryNumber).HasMaxLength(32);
        builder.Property(o => o.InvitationExpiryDays).HasDefaultValue(Organisation.DefaultInvitationExpiryDays);
        builder.Property(o => o.MfaGraceDays).HasDefaultValue(Portal.Core.Mfa.MfaRequirement.DefaultGraceDays);
        builder.Property(o => o.AuditRetentionYears).HasDefaultValue(Organisation.DefaultAuditRetentionYears);
        // /o/{org}: every organisation-scoped request resolves the slug.
        builder.HasIndex(o => o.Slug).IsUnique();
    }
}

internal sealed class OrganisationEnvironmentConfiguration : IEntityTypeConfiguration<OrganisationEnvironment>
{
    public void Configure(EntityTypeBuilder<OrganisationEnvironment> builder)
    {
        builder.ToTable("Environments");
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Slug).HasMaxLength(64);
        builder.Property(e => e.Software).HasMaxLength(100);
        builder.HasOne(e => e.Organisation).WithMany(o => o.Environments)
            .HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        // /o/{org}/e/{env}, and the switcher's environments per organisation.
        builder.HasIndex(e => new { e.OrganisationId, e.Slug }).IsUnique();
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        // The trigger fills MemberName from the user's name (migration MemberNameOnMembership).
        builder.ToTable("Memberships", t => t.HasTrigger("Memberships_MemberName"));
        // The switcher and tenancy check look memberships up by user (the key's leading column).
        builder.HasKey(m => new { m.UserId, m.OrganisationId });
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Organisation).WithMany(o => o.Memberships)
            .HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        // Filled and kept in step with the user's name by the database's triggers: never sent by
        // the portal, read back after an insert.
        var memberName = builder.Property(m => m.MemberName).HasMaxLength(200).ValueGeneratedOnAddOrUpdate();
        memberName.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        memberName.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        // The members list of /o/{org}/admin/users: by role, and by name (one index range per page).
        builder.HasIndex(m => new { m.OrganisationId, m.Role });
        builder.HasIndex(m => new { m.OrganisationId, m.MemberName, m.UserId });
    }
}

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.ToTable("Clients");
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(c => c.Environment).WithMany(e => e.Clients)
            .HasForeignKey(c => c.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
        // The environment home lists its clients ordered by name, then id: the index gives that
        // order as it is, so a page reads its 50 rows and sorts nothing.
        builder.HasIndex(c => new { c.EnvironmentId, c.Name, c.Id });
        // The list sorted by VAT/company number (then name and id, either way round: read backwards for
        // descending), so its pages, deep ones included (keyset, ClientKeyset), read 50 rows in order.
        builder.HasIndex(c => new { c.EnvironmentId, c.Number, c.Name, c.Id });
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        // Partitioned by month on OccurredAt (AuditPartitions; the table is built by raw SQL in the
        // AuditPartitioning migration): the primary key must hold the partition key, and the ids come
        // from a sequence (PostgreSQL 15 has no identity columns on a partitioned table).
        builder.ToTable("AuditEvents");
        builder.HasKey(a => new { a.Id, a.OccurredAt });
        builder.Property(a => a.Id).UseSequence("AuditEvents_Id_seq");
        builder.Property(a => a.Type).HasMaxLength(64);
        builder.Property(a => a.ActorEmail).HasMaxLength(256);
        builder.Property(a => a.TargetEmail).HasMaxLength(256);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.Property(a => a.UserAgent).HasMaxLength(512);
        builder.Property(a => a.Details).HasColumnType("jsonb");
        // The organisation's audit log, newest first, keyset-paged on (OccurredAt, Id).
        builder.HasIndex(a => new { a.OrganisationId, a.OccurredAt, a.Id }).IsDescending(false, true, true);
        // A person's own events (login history, support look-ups).
        builder.HasIndex(a => new { a.ActorUserId, a.OccurredAt });
        builder.HasIndex(a => new { a.TargetUserId, a.OccurredAt });
        // An organisation's audit log shows its members' personal events (no organisation):
        // newest first per member (OrganisationAuditTrail).
        builder.HasIndex(a => new { a.ActorUserId, a.OccurredAt, a.Id }, "IX_AuditEvents_ActorUserId_OccurredAt_Id_Personal")
            .IsDescending(false, true, true)
            .HasFilter("\"OrganisationId\" IS NULL");
    }
}

/// <summary>
/// The key ring table as the first migration created it (before the EF Core key store was used):
/// the store always writes the XML, so the column stays NOT NULL and existing rings keep working.
/// </summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.Property(k => k.Xml).IsRequired();
    }
}

internal sealed class KnownBrowserConfiguration : IEntityTypeConfiguration<KnownBrowser>
{
    public void Configure(EntityTypeBuilder<KnownBrowser> builder)
    {
        builder.ToTable("KnownBrowsers");
        builder.Property(b => b.BrowserHash).HasMaxLength(64);
        builder.HasIndex(b => new { b.UserId, b.BrowserHash }).IsUnique();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
