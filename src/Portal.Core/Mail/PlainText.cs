namespace Portal.Core.Mail;

/// <summary>
/// Names people type (organisation, display name, environment, client, authenticator) end up in
/// e-mail subjects, CSV exports and logs: they may hold any printable text but no control
/// characters, so a name can never add a header line or a log entry (OWASP ASVS 5.0 V1.2, injection).
/// Multi-line text (a message to support) allows line breaks and tabs only.
/// </summary>
public static class PlainText
{
    public static bool IsSingleLine(string? text) => text is null || !text.Any(IsForbidden);

    public static bool IsMultiLine(string? text) => text is null || !text.Any(c => c is not ('\n' or '\r' or '\t') && IsForbidden(c));

    /// <summary>For text stored before the rule: control characters become spaces (subjects, headers).</summary>
    public static string ToSingleLine(string text) =>
        text.Any(IsForbidden) ? new string(text.Select(c => IsForbidden(c) ? ' ' : c).ToArray()) : text;

    // Cc: C0, DEL and C1 controls; plus the Unicode line and paragraph separators, which mail
    // clients and log viewers also break lines on.
    private static bool IsForbidden(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
