using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Core.Security;

/// <summary>
/// Random tokens for links in e-mails: 256 bits from the OS CSPRNG, base64url in the link, and
/// only their SHA-256 stored — a leaked database holds no usable link (OWASP ASVS 5.0 V6.4.1).
/// A fast hash suffices: the token is random and far too long to guess.
/// </summary>
public static class SecretToken
{
    private const int Bytes = 32;

    public static (string Token, string Hash) New()
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(Bytes));
        return (token, Hash(token));
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
