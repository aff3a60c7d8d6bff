using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Tests.Browser;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// Counted phrases take each language's plural form (CLDR rules: French puts 0 in the singular):
/// every pair given to <see cref="Plural.Of"/> in the source is rendered for 0, 1, 2 and 5 in all
/// four languages, and no text falls back to "(s)" or a hand-written "== 1 ?" test.
/// </summary>
public sealed partial class PluralTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static readonly TheoryData<string, long, bool> Rules = new()
    {
        { "en", 0, false }, { "en", 1, true }, { "en", 2, false }, { "en", 5, false },
        { "nl", 0, false }, { "nl", 1, true }, { "nl", 2, false }, { "nl", 5, false },
        { "de", 0, false }, { "de", 1, true }, { "de", 2, false }, { "de", 5, false },
        { "fr", 0, true }, { "fr", 1, true }, { "fr", 2, false }, { "fr", 5, false },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_language_has_its_own_singular(string language, long count, bool singular) =>
        Assert.Equal(singular, Plural.IsOne(count, language));

    [Theory]
    [InlineData("en")]
    [InlineData("nl")]
    [InlineData("fr")]
    [InlineData("de")]
    public void Every_counted_phrase_has_both_forms_for_0_1_2_and_5(string language)
    {
        using var scope = new CultureScope(language);
        var L = factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var pairs = CountedPhrases();
        var problems = new List<string>();
        foreach (var (one, other) in pairs)
        {
            if (language != "en" && (L[one].ResourceNotFound || L[other].ResourceNotFound))
            {
                problems.Add($"\"{one}\" / \"{other}\" lacks a translation");
                continue;
            }

            if (L[one].Value == L[other].Value)
            {
                problems.Add($"\"{one}\" has the same singular and plural: \"{L[one].Value}\"");
            }

            foreach (var count in new long[] { 0, 1, 2, 5 })
            {
                var text = Plural.Of(count, L[one, count], L[other, count]);
                var expected = Plural.IsOne(count, language) ? L[one, count].Value : L[other, count].Value;
                if (text != expected || !text.Contains(count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                {
                    problems.Add($"{count}: \"{text}\"");
                }
            }
        }

        Assert.True(pairs.Count >= 6, $"Only {pairs.Count} counted phrases found");
        Assert.True(problems.Count == 0, $"In '{language}':\n" + string.Join("\n", problems));
    }

    [Fact]
    public void No_text_counts_with_a_bracketed_plural_or_a_hand_written_singular()
    {
        var lazy = LocalizationTests.Keys().Where(k => k.Contains("(s)", StringComparison.Ordinal)).ToList();
        var handWritten = SourceFiles().Where(f => HandWrittenSingular().IsMatch(File.ReadAllText(f))).ToList();

        Assert.True(lazy.Count == 0, "Texts with (s):\n" + string.Join("\n", lazy));
        Assert.True(handWritten.Count == 0, "Counts tested by hand instead of Plural.Of:\n" + string.Join("\n", handWritten));
    }

    private static List<(string One, string Other)> CountedPhrases() =>
        SourceFiles()
            .SelectMany(f => PluralCall().Matches(File.ReadAllText(f)))
            .Select(m => (m.Groups["one"].Value, m.Groups["other"].Value))
            .Distinct()
            .ToList();

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(BrowserChecks.RepositoryRoot(), "src", "Portal.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(""""Plural\.Of\([^,]+,\s*L\["(?<one>[^"]+)"[^\]]*\],\s*L\["(?<other>[^"]+)"""")]
    private static partial Regex PluralCall();

    [GeneratedRegex("""Count == 1 \?|== 1 \? L\[""")]
    private static partial Regex HandWrittenSingular();
}
