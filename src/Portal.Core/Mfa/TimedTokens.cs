using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Core.Mfa;

/// <summary>
/// Short-lived values the portal hands to a browser and takes back: a pending enrolment (so the new
/// TOTP secret is never a plain hidden field), a backup-code download, a backup-e-mail link.
/// Encrypted and authenticated by Data Protection, bound to a purpose and a user, and expiring by
/// the injected clock (Data Protection's own time limit reads the wall clock, which tests cannot move).
/// </summary>
public sealed class TimedTokens(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Portal.Mfa.TimedToken.v1");

    public string Protect(string purpose, Guid userId, string payload)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(userId.ToString());
            writer.Write(payload);
        }

        return WebEncoders.Base64UrlEncode(_protector.CreateProtector(purpose).Protect(stream.ToArray()));
    }

    /// <summary>The payload, or null when the token is tampered with, for another purpose or user, or older than <paramref name="lifetime"/>.</summary>
    public string? Unprotect(string purpose, Guid userId, string? token, TimeSpan lifetime)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var bytes = _protector.CreateProtector(purpose).Unprotect(WebEncoders.Base64UrlDecode(token));
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var tokenUser = reader.ReadString();
            var payload = reader.ReadString();
            var now = clock.GetUtcNow();
            return tokenUser == userId.ToString() && created <= now && now - created <= lifetime ? payload : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or EndOfStreamException or IOException)
        {
            return null;
        }
    }
}
