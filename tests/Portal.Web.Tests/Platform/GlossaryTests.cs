using System.Text.RegularExpressions;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The mechanical part of docs/glossary.md: the words it rules out, the Dutch form of address and
/// French typography. The rest of the glossary (one term per idea) is a reviewer's job; these catch
/// the slips a new text most often brings back.
/// </summary>
public sealed partial class GlossaryTests
{
    /// <summary>Per language, the terms the glossary replaces with another ("never …" in the table).</summary>
    public static readonly TheoryData<string, string, string> RuledOut = new()
    {
        { "nl", @"\b(je|jij|jou|jouw|jullie)\b", "address the reader as “u”, never “je”" },
        { "nl", @"\btoestel", "“apparaat”, never “toestel”" },
        { "nl", @"\binlog", "“aanmelden”, never “inloggen”" },
        { "nl", @"\bpasskey", "“toegangssleutel”, never “passkey”" },
        { "nl", @"\b(kantoor|kantoren)\b", "“organisatie”, never “kantoor”" },
        { "fr", @"\bcabinets?\b", "“organisation”, never “cabinet”" },
        { "fr", @"\bpasskey", "“clé d’accès”, never “passkey”" },
        { "fr", @"sessions? (a|ont) été fermées?|sessions? (est|sont) fermées?", "a session is “déconnectée”, never “fermée”" },
        { "de", @"\b(Kanzlei|Kanzleien)\b", "„Organisation“, never „Kanzlei“" },
        { "de", @"deaktivier", "„ausschalten“, never „deaktivieren“" },
        { "de", @"stornier", "a request is „abgebrochen“, never „storniert“" },
        { "de", @"Zwei-Faktor Authentifizierung|Zweifaktor|2-Faktor", "„Zwei-Faktor-Authentifizierung“ with both hyphens" },
    };

    [Theory]
    [MemberData(nameof(RuledOut))]
    public void Translations_use_the_glossary_terms(string language, string pattern, string rule)
    {
        var offending = LocalizationTests.Translations(language)
            .Where(t => Regex.IsMatch(t.Value, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .Select(t => t.Value)
            .ToList();

        Assert.True(offending.Count == 0, $"'{language}': {rule}:\n" + string.Join("\n", offending));
    }

    /// <summary>Words that are the same in English and the language; any other value equal to its key is English left over.</summary>
    private static readonly Dictionary<string, string[]> SameAsEnglish = new()
    {
        ["nl"] = ["2FA", "Code", "Details", "Selfie", "Status", "— Portal", "Browser: {0}", "App"],
        ["fr"] = ["2FA", "Actions", "Type", "Administration", "Clients", "Code", "Documents", "Invitation", "Notes", "Organisations", "Pages", "Selfie", "Sessions", "{0} client", "{0} clients", "— Portal", "photo"],
        ["de"] = ["2FA", "Administrator", "Code", "Details", "Name", "Person", "Selfie", "Status", "— Portal", "Browser: {0}", "App", "Passkey", "Passkeys"],
    };

    [Theory]
    [MemberData(nameof(LocalizationTests.Languages), MemberType = typeof(LocalizationTests))]
    public void No_text_is_left_in_English(string language)
    {
        var copied = LocalizationTests.Translations(language)
            .Where(t => t.Key == t.Value && !SameAsEnglish[language].Contains(t.Key))
            .Select(t => t.Key)
            .ToList();

        Assert.True(copied.Count == 0, $"'{language}' copies English (add a real cognate to {nameof(SameAsEnglish)}):\n" + string.Join("\n", copied));
    }

    [Fact]
    public void English_texts_log_in_rather_than_sign_in()
    {
        var offending = LocalizationTests.Keys().Where(k => SignIn().IsMatch(k)).ToList();

        Assert.True(offending.Count == 0, "Use “log in” / “login” (docs/glossary.md):\n" + string.Join("\n", offending));
    }

    /// <summary>
    /// French: the typographic apostrophe, and a no-break space (U+00A0) before « : ; ? ! » and
    /// inside guillemets, so a line never starts with a colon or a closing guillemet.
    /// </summary>
    [Fact]
    public void French_typography_is_followed()
    {
        var offending = LocalizationTests.Translations("fr")
            .Where(t => FrenchSlip().IsMatch(t.Value))
            .Select(t => t.Value.Replace('\u00a0', '·'))
            .ToList();

        Assert.True(offending.Count == 0, "French typography (no-break space shown as ·):\n" + string.Join("\n", offending));
    }

    [GeneratedRegex(@"\bsign(s|ed|ing)?[ -]?(in|out)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SignIn();

    /// <summary>A straight apostrophe, or « : ; ? ! » without the no-break space (a time like 19:02 aside).</summary>
    [GeneratedRegex("'|(?<!\u00a0)[;?!»]|(?<![\u00a0\\d]):|:(?=\\S)(?!\\d)|«(?!\u00a0)")]
    private static partial Regex FrenchSlip();
}
