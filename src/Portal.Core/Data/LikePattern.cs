namespace Portal.Core.Data;

/// <summary>A "contains" pattern for <c>EF.Functions.ILike(…, pattern, "\\")</c> that matches the text literally.</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Contains(string text, int maxLength) =>
        "%" + EscapeWildcards(text.Length > maxLength ? text[..maxLength] : text) + "%";

    private static string EscapeWildcards(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);
}
