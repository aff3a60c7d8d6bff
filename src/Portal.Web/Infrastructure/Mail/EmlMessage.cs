using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// Reads the .eml files of the pickup folder back (for <c>/dev/mailbox</c> and the tests): the
/// headers, and the plain-text and HTML bodies of a multipart/alternative message.
/// </summary>
public sealed partial record EmlMessage(string Id, string To, string Subject, DateTimeOffset Date, string Text, string Html)
{
    public static EmlMessage Read(string path)
    {
        var raw = File.ReadAllText(path);
        var (headers, body) = Split(raw);
        var boundary = BoundaryPattern().Match(headers.GetValueOrDefault("content-type", "")).Groups[1].Value;
        string text = "", html = "";
        if (boundary.Length > 0)
        {
            foreach (var part in body.Split("--" + boundary).Skip(1))
            {
                var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));
                var type = partHeaders.GetValueOrDefault("content-type", "");
                var decoded = Decode(partBody, partHeaders.GetValueOrDefault("content-transfer-encoding", ""));
                if (type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
                {
                    text = decoded;
                }
                else if (type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
                {
                    html = decoded;
                }
            }
        }
        else
        {
            text = Decode(body, headers.GetValueOrDefault("content-transfer-encoding", ""));
        }

        var date = DateTimeOffset.TryParse(headers.GetValueOrDefault("date", ""), CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : new DateTimeOffset(File.GetLastWriteTimeUtc(path));
        return new EmlMessage(
            Path.GetFileNameWithoutExtension(path),
            headers.GetValueOrDefault("to", "").Trim('<', '>'),
            DecodeWords(headers.GetValueOrDefault("subject", "")),
            date,
            text,
            html);
    }

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

    private static (Dictionary<string, string> Headers, string Body) Split(string raw)
    {
        var normalised = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = normalised.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? normalised : normalised[..end];
        var body = end < 0 ? "" : normalised[(end + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                headers[last] += " " + line.Trim();
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                last = line[..colon].Trim().ToLowerInvariant();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        return (headers, body);
    }

    private static string Decode(string body, string transferEncoding) =>
        transferEncoding.Trim().ToLowerInvariant() switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            "quoted-printable" => DecodeQuotedPrintable(body),
            _ => body,
        };

    private static string DecodeQuotedPrintable(string body)
    {
        var bytes = new List<byte>();
        var soft = body.Replace("=\n", "", StringComparison.Ordinal);
        for (var i = 0; i < soft.Length; i++)
        {
            if (soft[i] == '=' && i + 2 < soft.Length
                && byte.TryParse(soft.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(soft[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string DecodeWords(string header) => EncodedWordPattern().Replace(header, m =>
    {
        var charset = Encoding.GetEncoding(m.Groups[1].Value);
        return m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? charset.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : DecodeQuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
    }).Replace("?= =?", "", StringComparison.Ordinal);

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWordPattern();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
