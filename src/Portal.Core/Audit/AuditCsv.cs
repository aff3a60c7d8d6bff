using System.Globalization;
using System.Text;

namespace Portal.Core.Audit;

/// <summary>
/// The audit log as CSV (RFC 4180). Every cell is quoted, and a cell that a spreadsheet would run
/// as a formula — starting with = + - @, a tab or a carriage return — gets a leading apostrophe
/// (OWASP "CSV Injection"): e-mail addresses and details can hold text an attacker chose.
/// </summary>
public static class AuditCsv
{
    /// <summary>The machine code of the type stays (filters, scripts); the label beside it is in the downloader's language.</summary>
    public static readonly string[] Columns = ["occurred_at_utc", "type", "label", "actor", "target", "client_address", "details"];

    public static string Header => string.Join(',', Columns.Select(Cell));

    public static string Row(AuditEvent e, string label) => string.Join(',',
        Cell(e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        Cell(e.Type),
        Cell(label),
        Cell(e.ActorEmail),
        Cell(e.TargetEmail),
        Cell(e.ClientAddress),
        Cell(e.Details));

    public static string Cell(string? value)
    {
        value ??= "";
        var builder = new StringBuilder(value.Length + 3).Append('"');
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            builder.Append('\'');
        }

        return builder.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
