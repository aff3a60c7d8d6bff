using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Security;

/// <summary>
/// The secret in an e-mailed link (invitations, legacy-login confirmations): 32 random bytes (256 bits, above ASVS 5.0 V7.2.3's 128) from
/// the OS CSPRNG, base64url in the link. The database keeps only the SHA-256 of the token — a fast
/// hash is enough for a high-entropy secret, as nobody can guess a preimage.
/// </summary>
public static class SecretToken
{
    public const int ByteLength = 32;

    /// <summary>Base64url of 32 bytes, without padding.</summary>
    public const int TextLength = 43;

    public static (string Token, string Hash) Create()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ByteLength));
        return (token, Hash(token));
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>Whether the text can be a token at all, before any database lookup.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TextLength } && Base64Url.IsValid(token, out var decodedLength) && decodedLength == ByteLength;
}
