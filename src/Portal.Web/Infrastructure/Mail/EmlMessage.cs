using System.Text.RegularExpressions;
using MimeKit;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// A message of the pickup folder read back with MimeKit (for <c>/dev/mailbox</c> and the tests):
/// who it is to, its subject and date, and its plain-text and HTML bodies.
/// </summary>
public sealed partial record EmlMessage(string Id, string To, string Subject, DateTimeOffset Date, string Text, string Html)
{
    public static EmlMessage Read(string path)
    {
        using var message = MimeMessage.Load(path);
        return From(Path.GetFileNameWithoutExtension(path), message);
    }

    public static EmlMessage From(string id, MimeMessage message) => new(
        id,
        message.To.Mailboxes.FirstOrDefault()?.Address ?? "",
        message.Subject ?? "",
        message.Date,
        message.TextBody ?? "",
        message.HtmlBody ?? "");

    /// <summary>The messages of a folder, newest first.</summary>
    public static IReadOnlyList<EmlMessage> ReadFolder(string? directory) =>
        directory is null || !Directory.Exists(directory)
            ? []
            : new DirectoryInfo(directory).GetFiles("*.eml")
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .Select(f => Read(f.FullName))
                .ToList();

    /// <summary>The links of the plain-text body, in order.</summary>
    public IReadOnlyList<string> Links() => LinkPattern().Matches(Text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
