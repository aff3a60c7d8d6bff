using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Web.Tests.Browser;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// Every text the code asks to translate exists in Dutch, French and German, with the same
/// placeholders. Keys are found in the source the way the code marks them: L["…"], localizer["…"],
/// SetStatus/AddError/ErrorAsync("…"), T("…") in e-mails, and the ErrorMessage / Display(Name) of DataAnnotations.
/// </summary>
public sealed partial class LocalizationTests
{
    public static readonly TheoryData<string> Languages = new() { "nl", "fr", "de" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_text_has_a_translation_with_the_same_placeholders(string language)
    {
        var translations = Translations(language);
        var keys = Keys();

        // The resource compiler takes "Member" and "member" for one name, but the lookup is
        // case-sensitive: L["member"] finds nothing and shows English. Keys must match exactly.
        var exact = translations.Keys.ToHashSet(StringComparer.Ordinal);
        var missing = keys.Where(k => !exact.Contains(k) || string.IsNullOrWhiteSpace(translations[k])).ToList();
        var badPlaceholders = keys.Where(translations.ContainsKey)
            .Where(k => !Placeholders(k).SetEquals(Placeholders(translations[k])))
            .ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} texts lack a '{language}' translation:\n" + string.Join("\n", missing));
        Assert.True(badPlaceholders.Count == 0, $"Placeholders differ in '{language}':\n" + string.Join("\n", badPlaceholders));
        Assert.True(keys.Count > 80, "The key scan found suspiciously few texts");
    }

    [Fact]
    public void Translations_are_not_left_in_English()
    {
        foreach (var language in new[] { "nl", "fr", "de" })
        {
            var translations = Translations(language);
            var untranslated = translations.Where(t => t.Key == t.Value && t.Key.Length > 12 && t.Key.Contains(' ', StringComparison.Ordinal)).Select(t => t.Key).ToList();
            Assert.True(untranslated.Count == 0, $"'{language}' copies English:\n" + string.Join("\n", untranslated));
        }
    }

    /// <summary>No leftovers: every translated text is still asked for somewhere (Dev pages aside, which are English only).</summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_translation_is_still_used(string language)
    {
        var keys = new HashSet<string>(Keys(), StringComparer.OrdinalIgnoreCase);

        var unused = Translations(language).Keys.Where(k => !keys.Contains(k)).ToList();

        Assert.True(unused.Count == 0, $"{unused.Count} '{language}' texts are no longer used:\n" + string.Join("\n", unused));
    }

    public static HashSet<string> Keys()
    {
        var root = Path.Combine(BrowserChecks.RepositoryRoot(), "src", "Portal.Web");
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Dev{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (Match match in KeyPattern().Matches(File.ReadAllText(file)))
            {
                keys.Add(match.Groups["key"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
            }
        }

        return keys;
    }

    public static Dictionary<string, string> Translations(string language)
    {
        var path = Path.Combine(BrowserChecks.RepositoryRoot(), "src", "Portal.Web", "Resources", $"SharedResource.{language}.resx");
        // Resource names are case-insensitive: "Member" and "member" would be one key.
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "", StringComparer.OrdinalIgnoreCase);
    }

    private static HashSet<string> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Value).ToHashSet();

    [GeneratedRegex("""(?:\bL\[\s*|\blocalizer\[\s*|\b(?:SetStatus|AddError|ErrorAsync|T)\(\s*|ErrorMessage\s*=\s*|Display\(Name\s*=\s*)"(?<key>(?:[^"\\]|\\.)+)"[\s,\]\);]""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
