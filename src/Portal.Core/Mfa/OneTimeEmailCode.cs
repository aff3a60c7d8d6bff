using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Mfa;

/// <summary>
/// The 8-digit code e-mailed to the verified backup address when someone signs in with
/// "send a code to my backup e-mail" (/login/recovery).
/// </summary>
/// <remarks>
/// 8 digits is log2(10⁸) ≈ 26.6 bits: enough online with a short lifetime, single use and lockout.
/// The limits borrowed are those of NIST SP 800-63B §5.1.3.2 for out-of-band secrets (≥ 20 bits,
/// rate limited, valid at most 10 minutes, accepted once); §5.1.3.1 rules e-mail out as an
/// authenticator, which is why this is only a recovery path. Offline, 10⁸ candidates fall in
/// seconds whatever the hash, so hashing only keeps a usable code out of the database, backups and
/// logs; expiry, single use and lockout are what protect it.
/// </remarks>
public static class OneTimeEmailCode
{
    /// <summary>8 uniformly random ASCII digits, leading zeros included.</summary>
    public static string Generate() =>
        RandomNumberGenerator.GetInt32(100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>
    /// Lower-case hex HMAC-SHA256 of the code (spaces and hyphens removed) keyed with
    /// <paramref name="purposeSalt"/>, e.g. "backup-email-login:{userId}:{requestId}", so the same digits
    /// hash differently for another user, purpose or request. Compare stored and computed hashes with
    /// CryptographicOperations.FixedTimeEquals.
    /// </summary>
    public static string Hash(string code, string purposeSalt)
    {
        ArgumentException.ThrowIfNullOrEmpty(purposeSalt);
        var normalised = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(purposeSalt), Encoding.UTF8.GetBytes(normalised)));
    }
}
