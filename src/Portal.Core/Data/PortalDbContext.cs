using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Invitations;
using Portal.Core.Legacy;
using Portal.Core.Mail;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Core.Support;

namespace Portal.Core.Data;

public class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationEnvironment> Environments => Set<OrganisationEnvironment>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<LegacyAccount> LegacyAccounts => Set<LegacyAccount>();

    public DbSet<LegacyMigration> LegacyMigrations => Set<LegacyMigration>();
    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Authenticator> Authenticators => Set<Authenticator>();

    public DbSet<BackupCode> BackupCodes => Set<BackupCode>();

    public DbSet<EmailLoginCode> EmailLoginCodes => Set<EmailLoginCode>();

    public DbSet<RecoveryRequest> RecoveryRequests => Set<RecoveryRequest>();

    public DbSet<RecoveryDocument> RecoveryDocuments => Set<RecoveryDocument>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<KnownBrowser> KnownBrowsers => Set<KnownBrowser>();

    public DbSet<PasskeyCeremony> PasskeyCeremonies => Set<PasskeyCeremony>();

    /// <summary>
    /// Identity reads its schema version from the application's options and falls back to its first
    /// version (no passkey table) without them. A context built outside the web app (dotnet ef, test
    /// templates, the benchmark's seeding) gets the same Version3 options as ServiceRegistration.
    /// </summary>
    private static readonly ServiceProvider IdentitySchema = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(IdentitySchema);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
