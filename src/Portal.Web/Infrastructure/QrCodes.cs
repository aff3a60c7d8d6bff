using System.Text;
using QRCoder;

namespace Portal.Web.Infrastructure;

public static class QrCodes
{
    /// <summary>Medium error correction: survives a glare or a smudge on the screen being scanned.</summary>
    public const QRCodeGenerator.ECCLevel ErrorCorrection = QRCodeGenerator.ECCLevel.M;

    public const int PixelsPerModule = 5;

    /// <summary>
    /// The text as an SVG QR code inside a data: URI for an &lt;img&gt;: the Content-Security-Policy
    /// allows data: images but neither inline styles nor scripts, and the image needs no request.
    /// </summary>
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, ErrorCorrection);
        using var svg = new SvgQRCode(data);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg.GetGraphic(PixelsPerModule)));
    }
}
