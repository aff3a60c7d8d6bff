using Portal.Core.Audit;
using Portal.Core.Invitations;
using Portal.Core.Legacy;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Audit;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Support;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Infrastructure;

/// <summary>The product's features, one method each: the Core services that hold their rules and the web seams they need.</summary>
public static class FeatureRegistration
{
    /// <summary>Authenticators (RFC 6238), backup codes, the backup e-mail, the second login step, enforced MFA and resets.</summary>
    public static IServiceCollection AddTwoFactor(this IServiceCollection services) => services
        .AddScoped<TimedTokens>()
        .AddScoped<SecurityChanges>()
        .AddScoped<TwoFactorRemoval>()
        .AddScoped<SecondFactors>()
        .AddScoped<AuthenticatorService>()
        .AddScoped<BackupCodeService>()
        .AddScoped<SecurityOverview>()
        .AddScoped<BackupEmailService>()
        .AddScoped<TwoFactorLogin>()
        .AddPortalPasskeys()
        .AddScoped<PasskeyCeremonies>()
        .AddScoped<PasskeyService>()
        .AddScoped<PasskeyLogin>()
        .AddScoped<MfaReminders>()
        .AddScoped<AdminMfaReset>();

    /// <summary>Organisations, their environments and clients, memberships, settings, and the tenant of each request.</summary>
    public static IServiceCollection AddOrganisations(this IServiceCollection services) => services
        .AddScoped<UserWorkspaces>()
        .AddScoped<CurrentTenant>()
        .AddScoped<ClientDirectory>()
        .AddScoped<MembershipService>()
        .AddScoped<OrganisationSettings>();

    /// <summary>Send (and resend), accept, and list or withdraw invitations.</summary>
    public static IServiceCollection AddInvitations(this IServiceCollection services) => services
        .AddScoped<InvitationSending>()
        .AddScoped<InvitationAcceptance>()
        .AddScoped<PendingInvitations>();

    /// <summary>Old per-environment usernames: their login, the move to an e-mail login, the import.</summary>
    public static IServiceCollection AddLegacyAccounts(this IServiceCollection services) => services
        .AddScoped<LegacyLogin>()
        .AddScoped<LegacyMigrationService>()
        .AddScoped<LegacyImport>()
        .AddScoped<LegacyDirectory>()
        .AddSingleton<LegacyLoginTicket>();

    /// <summary>
    /// Support recovery (Core/Support/README.md): submit, review with four eyes, apply after the
    /// cooling-off, purge old documents; the support console's gate and the worker.
    /// </summary>
    public static IServiceCollection AddSupportRecovery(this IServiceCollection services) => services
        .AddScoped<RecoverySubmission>()
        .AddScoped<RecoveryReview>()
        .AddScoped<DueRecoveries>()
        .AddScoped<RecoveryDocumentPurge>()
        .AddScoped<SupportDirectory>()
        .AddScoped<SupportStaff>()
        .AddScoped<RecoveryCompletion>()
        .AddScoped<SupportStaffFilter>()
        .AddHostedService<RecoveryWorker>();

    /// <summary>
    /// The audit log, written in the transaction of the change it records, each organisation's view
    /// of it, and its upkeep: monthly partitions ahead, each office's retention (the hourly worker).
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) => services
        .AddScoped<AuditLog>()
        .AddScoped<OrganisationAuditTrail>()
        .AddScoped<AuditPartitions>()
        .AddScoped<AuditRetention>()
        .AddHostedService<AuditMaintenanceWorker>();
}
