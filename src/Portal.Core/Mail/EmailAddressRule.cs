using System.Globalization;
using MimeKit;

namespace Portal.Core.Mail;

/// <summary>
/// The one rule for every e-mail address the portal accepts (login, invitations, backup e-mail,
/// legacy migration, support staff): one plain address as the mail library itself parses it
/// (MimeKit, strict RFC 5322), no display name, no control characters, a domain with a dot and no
/// empty labels, at most 254 characters (RFC 5321 §4.5.3.1). An address the sender could not put
/// into a message never gets into the database (design.md: validated at the edge).
/// </summary>
public static class EmailAddressRule
{
    public const int MaxLength = 254;

    private static readonly ParserOptions Strict = CreateStrictOptions();

    /// <summary>The address in lower case, or null when it is not one plain, deliverable-looking address.</summary>
    public static string? Normalise(string? input)
    {
        var address = input?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength || address.Any(char.IsControl)
            || address.Any(char.IsWhiteSpace))
        {
            return null;
        }

        if (!MailboxAddress.TryParse(Strict, address, out var parsed) || !string.IsNullOrEmpty(parsed.Name)
            || parsed.Route.Count > 0 || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            return null;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || address.IndexOf('@', StringComparison.Ordinal) != at || address[0] == '"')
        {
            return null;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        var validLocal = !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal);
        var labels = domain.Split('.');
        var validDomain = labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-'));
        return validLocal && validDomain ? address.ToLower(CultureInfo.InvariantCulture) : null;
    }

    public static bool IsValid(string? input) => Normalise(input) is not null;

    private static ParserOptions CreateStrictOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        options.AllowUnquotedCommasInAddresses = false;
        return options;
    }
}
