using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Core.Support;

/// <summary>
/// What an uploaded file is, judged by its content (magic bytes), and a harmless name for it.
/// Only PDF, JPEG and PNG are accepted: an executable renamed "id.pdf" is refused.
/// </summary>
public static class RecoveryDocuments
{
    public const string ProtectorPurpose = "Portal.Support.Document.v1";
    public const long MaxBytes = 10 * 1024 * 1024;
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type of a PDF, JPEG or PNG file; null for anything else.</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfMagic) ? Pdf
        : content.StartsWith(JpegMagic) ? Jpeg
        : content.StartsWith(PngMagic) ? Png
        : null;

    public static bool IsImage(string contentType) => contentType is Jpeg or Png;

    /// <summary>Documents are stored encrypted with Data Protection under their own purpose.</summary>
    internal static IDataProtector ProtectorOf(IDataProtectionProvider dataProtection) => dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>
    /// The last path segment of the uploaded name, with only letters, digits, spaces, dots, hyphens and
    /// underscores kept, and the extension that matches the content. "../../etc/passwd" becomes "passwd.pdf".
    /// </summary>
    public static string SafeFileName(string? uploaded, string contentType)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var extension = contentType switch { Pdf => ".pdf", Jpeg => ".jpg", _ => ".png" };
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        var kept = new StringBuilder();
        foreach (var c in stem)
        {
            if (char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')
            {
                kept.Append(c);
            }
        }

        var safe = kept.ToString().Trim();
        if (safe.Length == 0)
        {
            safe = "document";
        }

        var maxStem = RecoveryDocument.MaxFileNameLength - extension.Length;
        return (safe.Length > maxStem ? safe[..maxStem] : safe) + extension;
    }
}
