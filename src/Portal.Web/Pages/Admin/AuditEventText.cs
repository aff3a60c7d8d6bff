using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Pages.Admin;

/// <summary>
/// What an audit event means in words, in the reader's language: a label per event type and a
/// sentence for its details. Only the facts each type is known to carry are read; anything else in
/// the details is left out rather than shown as a code. The stored type stays the machine code
/// (filters, CSV).
/// </summary>
public static class AuditEventText
{
    /// <summary>Every type the portal records, read from <see cref="AuditEventTypes"/> so a new type is filterable at once.</summary>
    public static readonly IReadOnlyList<string> Types = typeof(AuditEventTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The label of a type; null for a type nobody wrote one for (a test fails on that).</summary>
    public static LocalizedString? Label(IStringLocalizer L, string type) => type switch
    {
        AuditEventTypes.LoginSucceeded => L["Logged in successfully"],
        AuditEventTypes.LoginFromNewBrowser => L["Logged in from a new browser"],
        AuditEventTypes.LoginFailed => L["Login failed"],
        AuditEventTypes.LockedOut => L["Account locked"],
        AuditEventTypes.Logout => L["Logged out"],
        AuditEventTypes.SessionEnded => L["One session logged out"],
        AuditEventTypes.SessionsEndedElsewhere => L["Logged out everywhere else"],
        AuditEventTypes.PasswordChanged => L["Password changed"],
        AuditEventTypes.PasswordResetRequested => L["Password reset requested"],
        AuditEventTypes.PasswordReset => L["Password reset"],
        AuditEventTypes.ClientCreated => L["Client added"],
        AuditEventTypes.ClientUpdated => L["Client edited"],
        AuditEventTypes.LegacyLogin => L["Logged in with an old username"],
        AuditEventTypes.LegacyLoginFailed => L["Login with an old username failed"],
        AuditEventTypes.LegacyLockedOut => L["Old username locked"],
        AuditEventTypes.LegacyMigrationStarted => L["Move to an e-mail login started"],
        AuditEventTypes.LegacyMigrationConfirmed => L["Old username moved to an e-mail login"],
        AuditEventTypes.LegacyLinked => L["Old username joined to an existing login"],
        AuditEventTypes.InvitationSent => L["Invitation sent"],
        AuditEventTypes.InvitationResent => L["Invitation sent again"],
        AuditEventTypes.InvitationRevoked => L["Invitation withdrawn"],
        AuditEventTypes.InvitationAccepted => L["Invitation accepted"],
        AuditEventTypes.InvitationRefused => L["Invitation link refused"],
        AuditEventTypes.MemberRoleChanged => L["Role changed"],
        AuditEventTypes.MemberRemoved => L["Member removed"],
        AuditEventTypes.OrganisationSettingsChanged => L["Settings changed"],
        AuditEventTypes.AuthenticatorAdded => L["Authenticator app added"],
        AuditEventTypes.AuthenticatorRenamed => L["Authenticator app renamed"],
        AuditEventTypes.AuthenticatorRemoved => L["Authenticator app removed"],
        AuditEventTypes.PasskeyAdded => L["Passkey added"],
        AuditEventTypes.PasskeyRenamed => L["Passkey renamed"],
        AuditEventTypes.PasskeyRemoved => L["Passkey removed"],
        AuditEventTypes.PasskeyFailed => L["Passkey login refused"],
        AuditEventTypes.PasskeyCounterRegressed => L["Passkey may have been copied"],
        AuditEventTypes.BackupCodesGenerated => L["New backup codes created"],
        AuditEventTypes.BackupEmailChanged => L["Backup e-mail address set"],
        AuditEventTypes.BackupEmailVerified => L["Backup e-mail address confirmed"],
        AuditEventTypes.BackupEmailRemoved => L["Backup e-mail address removed"],
        AuditEventTypes.TwoFactorDisabled => L["Two-factor authentication switched off"],
        AuditEventTypes.TwoFactorReset => L["Two-factor authentication reset"],
        AuditEventTypes.SecondFactorFailed => L["Wrong second-factor code"],
        AuditEventTypes.TotpReplayed => L["Authenticator code used twice"],
        AuditEventTypes.BackupCodeUsed => L["Backup code used"],
        AuditEventTypes.EmailLoginCodeSent => L["Login code sent by e-mail"],
        AuditEventTypes.MfaRequirementSwitchedOn => L["Two-factor authentication required"],
        AuditEventTypes.MfaRequirementSwitchedOff => L["Two-factor authentication no longer required"],
        AuditEventTypes.MfaReminderSent => L["Two-factor reminder sent"],
        AuditEventTypes.AdminMfaResetRefused => L["Two-factor reset refused"],
        AuditEventTypes.RecoveryRequested => L["Account recovery requested"],
        AuditEventTypes.RecoveryChecklistSaved => L["Recovery checklist saved"],
        AuditEventTypes.RecoveryFirstApproval => L["Recovery approved by a first agent"],
        AuditEventTypes.RecoveryApproved => L["Recovery approved"],
        AuditEventTypes.RecoveryRejected => L["Recovery rejected"],
        AuditEventTypes.RecoveryCancelled => L["Recovery cancelled"],
        AuditEventTypes.RecoveryCompleted => L["Recovery completed"],
        AuditEventTypes.RecoveryDocumentViewed => L["Recovery document opened"],
        AuditEventTypes.RecoveryDocumentsDeleted => L["Recovery documents deleted"],
        AuditEventTypes.RecoveryDocumentsPurged => L["Old recovery documents deleted"],
        AuditEventTypes.SupportAgentAdded => L["Support agent added"],
        _ => null,
    };

    /// <summary>The label, or the type itself should one ever be missing.</summary>
    public static string LabelOrType(IStringLocalizer L, string type) => Label(L, type)?.Value ?? type;

    /// <summary>
    /// The details of an event as a sentence ("" when there is nothing to add); null for a type
    /// without a rendering (a test fails on that). Times are shown in <paramref name="zone"/>.
    /// </summary>
    public static string? Details(IStringLocalizer L, string type, string? json, TimeZoneInfo zone)
    {
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(json) ? "{}" : json);
        var d = new Facts(document.RootElement, zone);
        return type switch
        {
            AuditEventTypes.LoginSucceeded => d.Text("method") switch
            {
                "pwd" => L["With the password"],
                "pwd+remembered-device" => L["With the password, on a remembered device"],
                "mfa-totp" => L["With the password and an authenticator app"],
                "mfa-backup-code" => L["With the password and a backup code"],
                "mfa-email-code" => L["With the password and a code sent by e-mail"],
                _ => "",
            },
            AuditEventTypes.LoginFailed or AuditEventTypes.LegacyLoginFailed => d.Text("reason") switch
            {
                "unknown_email" => L["No account has this e-mail address"],
                "unknown_username" => L["No old username matches"],
                "wrong_password" => L["Wrong password"],
                _ => "",
            },
            AuditEventTypes.LockedOut => (d.Text("reason"), d.Text("method")) switch
            {
                ("locked", _) => L["An attempt while the account was locked"],
                (_, null) => L["Too many wrong passwords"],
                _ => L["Too many wrong second-factor codes"],
            },
            AuditEventTypes.SecondFactorFailed => d.Text("method") switch
            {
                "mfa-totp" => L["A code from an authenticator app"],
                "mfa-backup-code" => L["A backup code"],
                "mfa-email-code" => L["A code sent by e-mail"],
                _ => "",
            },
            AuditEventTypes.ClientCreated or AuditEventTypes.ClientUpdated => d.Text("name") is { } client ? L["Client “{0}”", client] : "",
            AuditEventTypes.LegacyMigrationStarted => d.Text("email") is { } email ? L["To the e-mail login {0}", email] : "",
            AuditEventTypes.LegacyMigrationConfirmed or AuditEventTypes.LegacyLinked =>
                d.Text("username") is { } username ? L["Old username {0}", username] : "",
            AuditEventTypes.InvitationSent => (d.Text("role"), d.Time("expiresAt")) switch
            {
                (null, _) or (_, null) => "",
                (nameof(OrganisationRole.Admin), var until) => L["As an administrator, valid until {0}", until],
                (_, var until) => L["As a member, valid until {0}", until],
            },
            AuditEventTypes.InvitationResent => d.Time("expiresAt") is { } until ? L["Valid until {0}", until] : "",
            AuditEventTypes.InvitationAccepted => d.Text("role") switch
            {
                null => "",
                nameof(OrganisationRole.Admin) => L["As an administrator"],
                _ => L["As a member"],
            },
            AuditEventTypes.InvitationRefused => d.Text("reason") switch
            {
                "expired" => L["The link had expired"],
                "used" => L["The link had already been used"],
                "revoked" => L["The invitation had been withdrawn"],
                "wrong_email" => L["Opened by someone logged in with another e-mail address"],
                _ => "",
            },
            AuditEventTypes.MemberRoleChanged => d.Change("") is var (_, to) && to is not null
                ? (to == nameof(OrganisationRole.Admin) ? L["Now an administrator, was a member"] : L["Now a member, was an administrator"])
                : "",
            AuditEventTypes.MemberRemoved => d.Text("role") == nameof(OrganisationRole.Admin) ? L["Was an administrator"] : L["Was a member"],
            AuditEventTypes.OrganisationSettingsChanged => Settings(L, d),
            AuditEventTypes.AuthenticatorAdded => d.Text("name") is { } added
                ? (d.Flag("first") ? L["“{0}”; two-factor authentication is now on", added] : L["“{0}”", added])
                : "",
            AuditEventTypes.AuthenticatorRenamed => d.Text("from") is { } from && d.Text("to") is { } renamed ? L["From “{0}” to “{1}”", from, renamed] : "",
            AuditEventTypes.AuthenticatorRemoved => d.Text("name") is { } removed
                ? (d.Flag("twoFactorOff") ? L["“{0}”; two-factor authentication is now off", removed] : L["“{0}”", removed])
                : "",
            AuditEventTypes.PasskeyAdded or AuditEventTypes.PasskeyRemoved => d.Text("name") is { } passkey ? L["“{0}”", passkey] : "",
            AuditEventTypes.PasskeyRenamed => d.Text("from") is { } before && d.Text("to") is { } after ? L["From “{0}” to “{1}”", before, after] : "",
            AuditEventTypes.PasskeyFailed => d.Text("reason") == "no_challenge"
                ? L["The login request had expired or was already used"]
                : L["The passkey's answer was not valid"],
            AuditEventTypes.PasskeyCounterRegressed => L["Its signature counter went backwards: the login was refused"],
            AuditEventTypes.BackupEmailChanged => d.Flag("added") ? L["A backup address was added"] : L["The backup address was replaced"],
            AuditEventTypes.TotpReplayed => d.Text("authenticator") is { } app ? L["A code of “{0}” that had already been used", app] : "",
            AuditEventTypes.MfaRequirementSwitchedOn => d.Time("deadline") is not { } deadline ? ""
                : d.Flag("passkeys") ? L["Passkeys required; members without one are blocked from {0}", deadline]
                : L["Members without it are blocked from {0}", deadline],
            AuditEventTypes.MfaReminderSent => d.Number("count") is { } people ? Plural.Of(people, L["Sent to {0} person", people], L["Sent to {0} people", people]) : "",
            AuditEventTypes.AdminMfaResetRefused => L["The person also belongs to an organisation you do not administer"],
            AuditEventTypes.RecoveryRequested => d.Number("documents") is { } attached
                ? Plural.Of(attached, L["{0} document attached", attached], L["{0} documents attached", attached])
                : "",
            AuditEventTypes.RecoveryChecklistSaved => Checklist(L, d),
            AuditEventTypes.RecoveryApproved => d.Time("effectiveAt") is { } effective ? L["Takes effect on {0}", effective] : "",
            AuditEventTypes.RecoveryDocumentViewed => (Document(L, d.Text("kind")), d.Text("mode")) switch
            {
                (null, _) => "",
                ({ } kind, "download") => L["{0}, downloaded", kind],
                ({ } kind, _) => L["{0}, previewed", kind],
            },
            AuditEventTypes.RecoveryDocumentsDeleted or AuditEventTypes.RecoveryDocumentsPurged => d.Number("documents") is { } deleted
                ? Plural.Of(deleted, L["{0} document", deleted], L["{0} documents", deleted])
                : "",
            AuditEventTypes.RecoveryCompleted => L["The person's second factors were removed"],
            AuditEventTypes.LoginFromNewBrowser => d.Text("browser") is { } browser ? L["Browser: {0}", browser] : "",
            AuditEventTypes.Logout or AuditEventTypes.SessionEnded or AuditEventTypes.SessionsEndedElsewhere
                or AuditEventTypes.PasswordChanged or AuditEventTypes.PasswordResetRequested or AuditEventTypes.PasswordReset
                or AuditEventTypes.LegacyLogin or AuditEventTypes.LegacyLockedOut or AuditEventTypes.InvitationRevoked
                or AuditEventTypes.BackupCodesGenerated or AuditEventTypes.BackupEmailVerified or AuditEventTypes.BackupEmailRemoved
                or AuditEventTypes.TwoFactorDisabled or AuditEventTypes.TwoFactorReset or AuditEventTypes.BackupCodeUsed
                or AuditEventTypes.EmailLoginCodeSent or AuditEventTypes.MfaRequirementSwitchedOff or AuditEventTypes.RecoveryFirstApproval
                or AuditEventTypes.RecoveryRejected or AuditEventTypes.RecoveryCancelled or AuditEventTypes.SupportAgentAdded => "",
            _ => null,
        };
    }

    private static string? Document(IStringLocalizer L, string? kind) => kind switch
    {
        "IdentityDocument" => L["Identity document"].Value,
        "Selfie" => L["Photo of the person"].Value,
        "RegistryExtract" => L["Registry extract"].Value,
        _ => null,
    };

    private static string Settings(IStringLocalizer L, Facts d)
    {
        var parts = new List<string>();
        if (d.Change("name") is ({ } fromName, { } toName))
        {
            parts.Add(L["Name from “{0}” to “{1}”", fromName, toName]);
        }

        if (d.Change("registryNumber") is var (fromNumber, toNumber) && (fromNumber ?? toNumber) is not null)
        {
            parts.Add(L["Registry number from {0} to {1}", fromNumber ?? "—", toNumber ?? "—"]);
        }

        if (d.Change("invitationExpiryDays") is ({ } fromDays, { } toDays))
        {
            parts.Add(L["Invitations valid for {0} days instead of {1}", toDays, fromDays]);
        }

        if (d.Change("mfaGraceDays") is ({ } fromGrace, { } toGrace))
        {
            parts.Add(L["{0} days to set up two-factor authentication instead of {1}", toGrace, fromGrace]);
        }

        if (d.Change("auditRetentionYears") is ({ } fromYears, { } toYears))
        {
            parts.Add(L["Audit log kept for {0} years instead of {1}", toYears, fromYears]);
        }

        if (d.Change("requirePasskeys") is (_, "false"))
        {
            parts.Add(L["Passkeys no longer required: any second factor will do"]);
        }

        return string.Join("; ", parts);
    }

    private static string Checklist(IStringLocalizer L, Facts d)
    {
        var done = new List<string>();
        if (d.Flag("nameMatches"))
        {
            done.Add(L["name on the document"]);
        }

        if (d.Flag("selfieMatches"))
        {
            done.Add(L["photo"]);
        }

        if (d.Flag("registryMatches"))
        {
            done.Add(L["company registry extract"]);
        }

        if (d.Flag("callbackMade"))
        {
            done.Add(L["callback"]);
        }

        return done.Count == 0 ? L["Nothing checked yet"] : L["Checked: {0}", string.Join(", ", done)];
    }

    /// <summary>Typed reads of the details object; a missing or odd value reads as absent.</summary>
    private readonly struct Facts(JsonElement root, TimeZoneInfo zone)
    {
        private static JsonElement? Get(JsonElement from, string name) =>
            from.ValueKind == JsonValueKind.Object && from.TryGetProperty(name, out var value) ? value : null;

        public string? Text(string name) => Get(root, name) is { } value ? Scalar(value) : null;

        public bool Flag(string name) => Get(root, name) is { ValueKind: JsonValueKind.True };

        public long? Number(string name) => Get(root, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

        public string? Time(string name) =>
            Get(root, name) is { ValueKind: JsonValueKind.String } value && value.TryGetDateTimeOffset(out var moment)
                ? LocalTime.DateAndTime(moment, zone)
                : null;

        /// <summary>A {from, to} pair, at <paramref name="name"/> or (empty name) the root itself.</summary>
        public (string? From, string? To) Change(string name) =>
            (name.Length == 0 ? root : Get(root, name)) is { } pair ? (Scalar(Get(pair, "from")), Scalar(Get(pair, "to"))) : (null, null);

        private static string? Scalar(JsonElement? value) => value switch
        {
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
            { ValueKind: JsonValueKind.True } => "true",
            { ValueKind: JsonValueKind.False } => "false",
            _ => null,
        };
    }
}
