using System.Globalization;

namespace Portal.Core.Accounts;

public enum PasswordProblem
{
    None,
    TooShort,
    TooLong,
    ContainsPersonalDetails,
    TooGuessable,
}

/// <summary>
/// NIST SP 800-63B §5.1.1.2 (and OWASP ASVS 5.0 V6.2): at least 12 and up to 128 characters,
/// any characters, no composition rules, refuse passwords that are common or derived from the
/// account's own details. Guessability is zxcvbn's estimate (its lists hold common passwords,
/// names and dictionary words); a score below 3 means "guessable within ~10^8 attempts".
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const int MinScore = 3;

    /// <summary>Parts of an e-mail or name shorter than this are too common to refuse on their own.</summary>
    private const int MinPersonalPartLength = 3;

    public static PasswordProblem Check(string password, string? email, string? displayName)
    {
        // Length in Unicode code points, as NIST counts characters.
        var length = password.EnumerateRunes().Count();
        if (length < MinLength)
        {
            return PasswordProblem.TooShort;
        }

        if (length > MaxLength)
        {
            return PasswordProblem.TooLong;
        }

        var personal = PersonalParts(email, displayName);
        if (personal.Any(part => password.Contains(part, StringComparison.OrdinalIgnoreCase)))
        {
            return PasswordProblem.ContainsPersonalDetails;
        }

        var result = Zxcvbn.Zxcvbn.MatchPassword(password, personal);
        return result.Score < MinScore ? PasswordProblem.TooGuessable : PasswordProblem.None;
    }

    /// <summary>The e-mail's local part and domain name, and the words of the display name.</summary>
    internal static List<string> PersonalParts(string? email, string? displayName)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(email))
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            var local = at >= 0 ? email[..at] : email;
            parts.Add(local);
            parts.AddRange(local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries));
            if (at >= 0)
            {
                var domain = email[(at + 1)..];
                var dot = domain.LastIndexOf('.');
                parts.Add(dot > 0 ? domain[..dot] : domain);
            }
        }

        if (!string.IsNullOrWhiteSpace(displayName))
        {
            parts.AddRange(displayName.Split([' ', '-', '.', '\''], StringSplitOptions.RemoveEmptyEntries));
        }

        return parts
            .Select(p => p.Trim().ToLower(CultureInfo.InvariantCulture))
            .Where(p => p.Length >= MinPersonalPartLength)
            .Distinct()
            .ToList();
    }
}
