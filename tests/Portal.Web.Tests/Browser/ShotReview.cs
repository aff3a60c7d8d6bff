using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using Portal.Core.Audit;
using Portal.Core.Invitations;
using Portal.Core.Legacy;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Core.Support;

namespace Portal.Web.Tests.Browser;

/// <summary>
/// What a reviewer checks on each screenshot, as code: the page fits the window (WCAG 2.2 SC 1.4.10
/// Reflow), no internal code shows (audit event types, detail keys, ISO 8601 timestamps, enum
/// names in another language, <c>handler=</c> in the address), and in Dutch, French and German no
/// English text of the resource files is left. Saves each shot as
/// <c>.data/screenshots/&lt;lang&gt;/&lt;width&gt;/&lt;page&gt;.png</c>.
/// </summary>
public sealed partial class ShotReview
{
    /// <summary>
    /// English keys that may rightly show unchanged in another language although their translation
    /// differs: none so far. Each entry says why.
    /// </summary>
    private static readonly Dictionary<string, string> AllowedEnglish = new(StringComparer.Ordinal);

    /// <summary>The enums whose values a page shows through a label; their raw names are internal.</summary>
    private static readonly Type[] ShownEnums =
        [typeof(OrganisationRole), typeof(ClientStatus), typeof(LegacyAccountStatus), typeof(InvitationState), typeof(RecoveryStatus), typeof(MfaLevel)];

    /// <summary>Every stored audit event type with a dot or underscore ("login.succeeded"), as a word of its own.</summary>
    private static readonly Lazy<Regex> EventCode = new(() => new Regex(
        @"(?<![\w.])(?:" + string.Join("|", typeof(AuditEventTypes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(code => code.Contains('.', StringComparison.Ordinal) || code.Contains('_', StringComparison.Ordinal))
            .Select(Regex.Escape)) + @")(?!\w)",
        RegexOptions.Compiled));

    private static readonly Dictionary<string, Translations> ByLanguage = new(StringComparer.Ordinal);

    private readonly List<string> _problems = [];
    private readonly Action<string> _log;

    public ShotReview(Action<string> log) => _log = log;

    public int Shots { get; private set; }

    private TimeSpan _shooting;
    private TimeSpan _reviewing;

    public static string Folder => Path.Combine(BrowserChecks.RepositoryRoot(), ".data", "screenshots");

    /// <summary>
    /// Checks the page's words once and its width at each width, saving a full-page screenshot per
    /// width.
    /// </summary>
    public async Task ShootAsync(IPage page, string language, string name, params int[] widths)
    {
        var where = $"{language}/{name} ({new Uri(page.Url).PathAndQuery})";
        var started = Stopwatch.GetTimestamp();
        var words = await ReviewWordsAsync(page, language);
        lock (_problems)
        {
            _problems.AddRange(words.Select(problem => $"{where}: {problem}"));
            _reviewing += Stopwatch.GetElapsedTime(started);
        }

        foreach (var width in widths.Length == 0 ? [1280, 390] : widths)
        {
            if (page.ViewportSize?.Width != width)
            {
                await page.SetViewportSizeAsync(width, width > 800 ? 900 : 844);
            }

            started = Stopwatch.GetTimestamp();
            var path = Path.Combine(Folder, language, width.ToString(System.Globalization.CultureInfo.InvariantCulture), name + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
            var overflow = await OverflowAsync(page);
            lock (_problems)
            {
                _shooting += Stopwatch.GetElapsedTime(started);
                Shots++;
                if (overflow is not null)
                {
                    _problems.Add($"{where} at {width} px: {overflow}");
                }
            }
        }
    }

    /// <summary>Writes where the shots are and fails with every problem found on any of them.</summary>
    public void AssertClean()
    {
        _log($"{Shots} screenshots in {Folder} ({_shooting.TotalSeconds:F1} s taking them, {_reviewing.TotalSeconds:F1} s reading the pages' words)");
        var problems = _problems.Order(StringComparer.Ordinal).ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} problems on the screenshots in {Folder}:\n" + string.Join("\n", problems));
    }

    /// <summary>Sideways scrolling (WCAG 2.2 SC 1.4.10), and a language picker broken over two lines.</summary>
    public static async Task<string?> OverflowAsync(IPage page)
    {
        var measured = await page.EvaluateAsync<int[]>(
            """
            () => {
              const rows = [...document.querySelectorAll('.language-picker')].filter(p => p.checkVisibility())
                .map(p => new Set([...p.querySelectorAll('button')].map(b => Math.round(b.getBoundingClientRect().top))).size);
              return [document.documentElement.scrollWidth, window.innerWidth, Math.max(1, ...rows)];
            }
            """);
        var (scrollWidth, innerWidth, pickerRows) = (measured[0], measured[1], measured[2]);
        return scrollWidth > innerWidth ? $"{scrollWidth} px wide in a {innerWidth} px window"
            : pickerRows > 1 ? $"the language picker wraps over {pickerRows} lines"
            : null;
    }

    /// <summary>The address, the page's language, internal codes and (in nl, fr, de) English left.</summary>
    public static async Task<IReadOnlyList<string>> ReviewWordsAsync(IPage page, string language)
    {
        var problems = new List<string>();
        if (page.Url.Contains("handler=", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("handler= in the address");
        }

        var lang = await page.EvaluateAsync<string>("document.documentElement.lang");
        if (lang != language)
        {
            problems.Add($"html lang is \"{lang}\"");
        }

        var texts = await VisibleTextsAsync(page);
        problems.AddRange(InternalCodes(texts, language));
        if (language != "en")
        {
            problems.AddRange(EnglishLeft(texts, language).Select(t => $"English left: \"{t}\""));
        }

        return problems.Distinct().ToList();
    }

    /// <summary>
    /// The text a person reads or hears: text nodes (not scripts or styles), the labels of stacked
    /// table cells (<c>data-label</c>, shown by CSS on a phone), accessible names, placeholders,
    /// titles, the values of input buttons and the window title; whitespace collapsed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> VisibleTextsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>(
            """
            () => {
              const out = [document.title];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n; (n = walker.nextNode());) {
                if (!n.parentElement || n.parentElement.closest('script, style, template')) continue;
                out.push(n.textContent);
              }
              for (const e of document.body.querySelectorAll('[aria-label], [placeholder], [title], [data-label], [alt], input[type=submit], input[type=button]')) {
                for (const a of ['aria-label', 'placeholder', 'title', 'data-label', 'alt']) if (e.hasAttribute(a)) out.push(e.getAttribute(a));
                if (e.matches('input[type=submit], input[type=button]')) out.push(e.value);
              }
              return out.map(t => t.replace(/\s+/g, ' ').trim()).filter(t => t.length > 0);
            }
            """);

    public static IEnumerable<string> InternalCodes(IReadOnlyList<string> texts, string language)
    {
        var translations = Of(language);
        foreach (var text in texts)
        {
            var withoutAddresses = EmailAddress().Replace(text, " ");
            if (EventCode.Value.Match(withoutAddresses) is { Success: true } code)
            {
                yield return $"event code {code.Value} in \"{text}\"";
            }

            if (IsoTimestamp().Match(text) is { Success: true } iso)
            {
                yield return $"ISO timestamp {iso.Value} in \"{text}\"";
            }

            if (SnakeCase().Match(withoutAddresses) is { Success: true } snake)
            {
                yield return $"internal name {snake.Value} in \"{text}\"";
            }

            if (CamelCaseKey().Match(withoutAddresses) is { Success: true } camel)
            {
                yield return $"detail key {camel.Value} in \"{text}\"";
            }

            if (language != "en" && LowerCaseRole().Match(withoutAddresses) is { Success: true } role)
            {
                yield return $"role name {role.Value} in \"{text}\"";
            }

            if (language != "en" && ShownEnums.Any(e => Enum.GetNames(e).Contains(text, StringComparer.Ordinal)) && !translations.Values.Contains(text))
            {
                yield return $"enum name \"{text}\"";
            }
        }
    }

    /// <summary>Texts equal to an English key whose translation in <paramref name="language"/> is another text.</summary>
    public static IEnumerable<string> EnglishLeft(IReadOnlyList<string> texts, string language)
    {
        var translations = Of(language);
        return texts.Where(text => !translations.Values.Contains(text) && !AllowedEnglish.ContainsKey(text)
            && (translations.Untranslated.Contains(text) || translations.UntranslatedPattern.IsMatch(text)));
    }

    private static Translations Of(string language)
    {
        lock (ByLanguage)
        {
            if (!ByLanguage.TryGetValue(language, out var translations))
            {
                translations = Translations.Load(language);
                ByLanguage[language] = translations;
            }

            return translations;
        }
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoTimestamp();

    [GeneratedRegex(@"\b[a-z]+_[a-z_]+\b")]
    private static partial Regex SnakeCase();

    /// <summary>A role as the code spells it, lower case ("Office — member"): no word of Dutch, French or German.</summary>
    [GeneratedRegex(@"\b(?:admin|member)\b")]
    private static partial Regex LowerCaseRole();

    [GeneratedRegex(@"\b[a-z]{2,}[A-Z]\w*:")]
    private static partial Regex CamelCaseKey();

    /// <summary>One language's resource file: its values, and the English keys it translates to another text.</summary>
    private sealed record Translations(HashSet<string> Values, HashSet<string> Untranslated, Regex UntranslatedPattern)
    {
        public static Translations Load(string language)
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            var untranslated = new HashSet<string>(StringComparer.Ordinal);
            var patterns = new List<string>();
            if (language == "en")
            {
                return new Translations(values, untranslated, new Regex("(?!)"));
            }

            var file = Path.Combine(BrowserChecks.RepositoryRoot(), "src", "Portal.Web", "Resources", $"SharedResource.{language}.resx");
            foreach (var data in XDocument.Load(file).Root!.Elements("data"))
            {
                var key = Collapse(data.Attribute("name")!.Value);
                var value = Collapse(data.Element("value")?.Value ?? "");
                values.Add(value);
                if (key == value)
                {
                    continue;
                }

                if (!key.Contains('{', StringComparison.Ordinal))
                {
                    untranslated.Add(key);
                }
                else if (Regex.Replace(key, @"\{\d+\}", "").Count(char.IsLetter) >= 6)
                {
                    // "{0} requires …": the placeholders stand for anything, the rest must be there as written.
                    patterns.Add(Regex.Replace(Regex.Escape(key), @"\\\{\d+}", ".+?"));
                }
            }

            return new Translations(values, untranslated, new Regex("^(?:" + string.Join("|", patterns) + ")$", RegexOptions.CultureInvariant | RegexOptions.Compiled));
        }

        private static string Collapse(string text) => Regex.Replace(text, @"\s+", " ").Trim();
    }
}
