namespace Portal.Core.Audit;

/// <summary>The audit event types, as stored. Dotted names group them for filtering.</summary>
public static class AuditEventTypes
{
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string LockedOut = "login.locked_out";
    public const string Logout = "logout";
    public const string PasswordChanged = "password.changed";
    public const string PasswordResetRequested = "password.reset_requested";
    public const string PasswordReset = "password.reset";
    public const string ClientCreated = "client.created";
    public const string ClientUpdated = "client.updated";

    // Two-factor authentication: changes by the person (or an admin/support reset), and login steps.
    public const string AuthenticatorAdded = "mfa.authenticator_added";
    public const string AuthenticatorRenamed = "mfa.authenticator_renamed";
    public const string AuthenticatorRemoved = "mfa.authenticator_removed";
    public const string BackupCodesGenerated = "mfa.backup_codes_generated";
    public const string BackupEmailChanged = "mfa.backup_email_changed";
    public const string BackupEmailVerified = "mfa.backup_email_verified";
    public const string BackupEmailRemoved = "mfa.backup_email_removed";
    public const string TwoFactorDisabled = "mfa.disabled";
    public const string TwoFactorReset = "mfa.reset";
    public const string SecondFactorFailed = "mfa.code_failed";
    public const string TotpReplayed = "mfa.totp_replayed";
    public const string BackupCodeUsed = "mfa.backup_code_used";
    public const string EmailLoginCodeSent = "mfa.email_code_sent";
}
