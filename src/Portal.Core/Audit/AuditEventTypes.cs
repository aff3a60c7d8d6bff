namespace Portal.Core.Audit;

/// <summary>The audit event types, as stored. Dotted names group them for filtering.</summary>
public static class AuditEventTypes
{
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFromNewBrowser = "login.new_browser";
    public const string LoginFailed = "login.failed";
    public const string LockedOut = "login.locked_out";
    public const string Logout = "logout";
    public const string SessionEnded = "session.ended";
    public const string SessionsEndedElsewhere = "session.ended_elsewhere";
    public const string PasswordChanged = "password.changed";
    public const string PasswordResetRequested = "password.reset_requested";
    public const string PasswordReset = "password.reset";
    public const string ClientCreated = "client.created";
    public const string ClientUpdated = "client.updated";

    // Legacy usernames
    public const string LegacyLogin = "legacy.login";
    public const string LegacyLoginFailed = "legacy.login_failed";
    public const string LegacyLockedOut = "legacy.locked_out";
    public const string LegacyMigrationStarted = "legacy.migration_started";
    public const string LegacyMigrationConfirmed = "legacy.migration_confirmed";
    public const string LegacyLinked = "legacy.linked";

    // Office administration: invitations, members, settings.
    public const string InvitationSent = "invitation.sent";
    public const string InvitationResent = "invitation.resent";
    public const string InvitationRevoked = "invitation.revoked";
    public const string InvitationAccepted = "invitation.accepted";

    /// <summary>A link refused; details.reason is expired, used, revoked or wrong_email.</summary>
    public const string InvitationRefused = "invitation.refused";
    public const string MemberRoleChanged = "member.role_changed";
    public const string MemberRemoved = "member.removed";
    public const string OrganisationSettingsChanged = "organisation.settings_changed";

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

    // Passkeys (WebAuthn).
    public const string PasskeyAdded = "mfa.passkey_added";
    public const string PasskeyRenamed = "mfa.passkey_renamed";
    public const string PasskeyRemoved = "mfa.passkey_removed";

    /// <summary>A passkey sign-in refused; details.reason says why (expired or replayed challenge, wrong origin, bad signature …).</summary>
    public const string PasskeyFailed = "mfa.passkey_failed";

    /// <summary>A passkey's signature counter went backwards: a sign of a cloned key (WebAuthn Level 3 §6.1.1); refused and e-mailed.</summary>
    public const string PasskeyCounterRegressed = "mfa.passkey_counter_regressed";

    // Enforced MFA and admin MFA reset (the reset itself is TwoFactorReset, with the admin as actor).
    public const string MfaRequirementSwitchedOn = "organisation.mfa_required";
    public const string MfaRequirementSwitchedOff = "organisation.mfa_not_required";
    public const string MfaReminderSent = "organisation.mfa_reminder_sent";

    /// <summary>An admin tried to reset the MFA of someone who also belongs to an organisation they do not administer.</summary>
    public const string AdminMfaResetRefused = "mfa.reset_refused";

    // Support recovery: a person who lost every second factor, and the support console.
    public const string RecoveryRequested = "support.recovery_requested";
    public const string RecoveryChecklistSaved = "support.recovery_checklist_saved";
    public const string RecoveryFirstApproval = "support.recovery_first_approval";
    public const string RecoveryApproved = "support.recovery_approved";
    public const string RecoveryRejected = "support.recovery_rejected";
    public const string RecoveryCancelled = "support.recovery_cancelled";
    public const string RecoveryCompleted = "support.recovery_completed";
    public const string RecoveryDocumentViewed = "support.document_viewed";
    public const string RecoveryDocumentsDeleted = "support.documents_deleted";
    public const string RecoveryDocumentsPurged = "support.documents_purged";
    public const string SupportAgentAdded = "support.agent_added";
}
