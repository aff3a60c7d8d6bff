using Portal.Core.Mail;

namespace Portal.Core.Invitations;

public sealed record ParsedAddresses(IReadOnlyList<string> Valid, IReadOnlyList<string> Invalid);

/// <summary>
/// Reads the invite form's free text: addresses separated by commas, semicolons, spaces or new
/// lines, as people paste them from a spreadsheet or a mail client
/// (<c>Anna Peeters &lt;anna@office.be&gt;; bob@office.be</c>). Valid ones come back trimmed,
/// lower-case and without duplicates, in the order given.
/// </summary>
public static class InvitationAddresses
{
    /// <summary>RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, an address 254.</summary>
    public const int MaxLength = EmailAddressRule.MaxLength;

    public static ParsedAddresses Parse(string? text)
    {
        var valid = new List<string>();
        var invalid = new List<string>();
        foreach (var entry in Entries(text ?? ""))
        {
            foreach (var candidate in Candidates(entry))
            {
                if (Normalise(candidate) is { } address)
                {
                    if (!valid.Contains(address))
                    {
                        valid.Add(address);
                    }
                }
                else if (!invalid.Contains(candidate))
                {
                    invalid.Add(candidate);
                }
            }
        }

        return new ParsedAddresses(valid, invalid);
    }

    /// <summary>The address in lower case, or null when it is not a plain, deliverable-looking address (<see cref="EmailAddressRule"/>).</summary>
    public static string? Normalise(string? address) => EmailAddressRule.Normalise(address);

    // Separated by , ; or a new line, except inside quotes: "Claes, Bram" <bram@office.be> is one entry.
    private static List<string> Entries(string text)
    {
        var entries = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (i == text.Length || (!quoted && text[i] is ',' or ';' or '\n' or '\r'))
            {
                if (text[start..i].Trim() is { Length: > 0 } entry)
                {
                    entries.Add(entry);
                }

                start = i + 1;
            }
        }

        return entries;
    }

    // "Anna Peeters <anna@office.be>" is one address; "anna@office.be bob@office.be" are two.
    private static string[] Candidates(string entry)
    {
        var open = entry.LastIndexOf('<');
        var close = entry.LastIndexOf('>');
        return open >= 0 && close > open
            ? [entry[(open + 1)..close].Trim()]
            : entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }
}
