using Portal.Web.Tests.Browser;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The size limits of the code (docs/architecture.md): a page model that grows past 150 lines holds a
/// rule that belongs in Portal.Core, and a Core class past 250 lines holds more than one use case.
/// Generated migrations are exempt.
/// </summary>
public sealed class CodeShapeTests
{
    public const int MaxPageModelLines = 150;
    public const int MaxCoreClassLines = 250;

    [Fact]
    public void No_page_model_is_longer_than_150_lines() =>
        Assert.Empty(Oversized(Path.Combine("src", "Portal.Web", "Pages"), "*.cshtml.cs", MaxPageModelLines));

    [Fact]
    public void No_core_file_is_longer_than_250_lines() =>
        Assert.DoesNotContain(Oversized(Path.Combine("src", "Portal.Core"), "*.cs", MaxCoreClassLines)
, file => !file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static List<string> Oversized(string folder, string pattern, int limit)
    {
        var root = BrowserChecks.RepositoryRoot();
        var files = Directory.EnumerateFiles(Path.Combine(root, folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        return files
            .Select(f => (File: Path.GetRelativePath(root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > limit)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();
    }
}
