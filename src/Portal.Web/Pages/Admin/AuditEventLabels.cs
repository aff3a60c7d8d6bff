using System.Reflection;
using System.Text.Json;
using Portal.Core.Audit;

namespace Portal.Web.Pages.Admin;

/// <summary>Readable names for the audit event types (English keys, translated by the page), and a short text for the details.</summary>
public static class AuditEventLabels
{
    /// <summary>Every type the portal records, read from <see cref="AuditEventTypes"/> so a new type is filterable at once.</summary>
    public static readonly IReadOnlyList<string> Types = typeof(AuditEventTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [AuditEventTypes.LoginSucceeded] = "Logged in",
        [AuditEventTypes.LoginFailed] = "Login failed",
        [AuditEventTypes.LockedOut] = "Locked out",
        [AuditEventTypes.Logout] = "Logged out",
        [AuditEventTypes.PasswordChanged] = "Password changed",
        [AuditEventTypes.PasswordResetRequested] = "Password reset requested",
        [AuditEventTypes.PasswordReset] = "Password reset",
        [AuditEventTypes.ClientCreated] = "Client added",
        [AuditEventTypes.ClientUpdated] = "Client edited",
        [AuditEventTypes.InvitationSent] = "Invitation sent",
        [AuditEventTypes.InvitationResent] = "Invitation sent again",
        [AuditEventTypes.InvitationRevoked] = "Invitation withdrawn",
        [AuditEventTypes.InvitationAccepted] = "Invitation accepted",
        [AuditEventTypes.InvitationRefused] = "Invitation link refused",
        [AuditEventTypes.MemberRoleChanged] = "Role changed",
        [AuditEventTypes.MemberRemoved] = "Member removed",
        [AuditEventTypes.OrganisationSettingsChanged] = "Settings changed",
        [AuditEventTypes.MfaRequirementSwitchedOn] = "Two-factor authentication required",
        [AuditEventTypes.MfaRequirementSwitchedOff] = "Two-factor authentication no longer required",
        [AuditEventTypes.MfaReminderSent] = "Two-factor reminder sent",
        [AuditEventTypes.TwoFactorReset] = "Two-factor authentication reset",
        [AuditEventTypes.AdminMfaResetRefused] = "Two-factor reset refused",
    };

    /// <summary>The English label (a localization key), or the type itself for one without a label yet.</summary>
    public static string Label(string type) => Labels.GetValueOrDefault(type, type);

    /// <summary>"key: value" pairs of the details object; a {from, to} pair reads "from → to".</summary>
    public static string Details(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "";
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return json;
        }

        return string.Join(" · ", document.RootElement.EnumerateObject()
            .Where(p => p.Name is not ("invitation" or "client"))
            .Select(p => $"{p.Name}: {Value(p.Value)}"));
    }

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object when value.TryGetProperty("from", out var from) && value.TryGetProperty("to", out var to) =>
            $"{Value(from)} → {Value(to)}",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "—",
        _ => value.GetRawText(),
    };
}
