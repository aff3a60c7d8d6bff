using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Mfa;

/// <summary>
/// HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA1, 6 digits and a 30-second step: the
/// parameters every authenticator app supports. Written here because ASP.NET Identity's
/// AuthenticatorTokenProvider accepts two steps either side and the same code twice.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>160-bit secrets: RFC 4226 §4 R6 recommends 160 bits (and requires at least 128).</summary>
    public const int SecretBytes = 20;

    /// <summary>RFC 4226 §4 R6: shorter shared secrets are refused.</summary>
    private const int MinSecretBytes = 16;

    /// <summary>RFC 4226 §5.3 and R4: at least 6 digits, possibly 7 or 8.</summary>
    private const int MinDigits = 6;
    private const int MaxDigits = 8;

    /// <summary>RFC 6238 §5.2: one step of clock drift or typing delay either side.</summary>
    private const int AcceptedDriftSteps = 1;

    private static readonly int[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    /// <summary>RFC 4226 §5.3: HMAC-SHA1 over the 8-byte big-endian counter, dynamic truncation, zero-padded.</summary>
    public static string Hotp(ReadOnlySpan<byte> secret, long counter, int digits = Digits)
    {
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException($"An HOTP secret needs at least {MinSecretBytes} bytes (RFC 4226 §4 R6).", nameof(secret));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, MinDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, MaxDigits);

        Span<byte> message = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        // HMAC-SHA1 is what RFC 6238 and every authenticator app use; SHA-1's collision weakness does
        // not carry over to HMAC, whose security rests on the compression function as a PRF (RFC 4226 Appendix A).
#pragma warning disable CA5350
        HMACSHA1.HashData(secret, message, mac);
#pragma warning restore CA5350

        var offset = mac[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(mac.Slice(offset, 4)) & 0x7FFF_FFFF) % PowersOfTen[digits];
        return binary.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>RFC 6238 §4.2: T = floor((unix time − T0) / X) with T0 = 0 and X = 30 seconds.</summary>
    public static long StepAt(DateTimeOffset time) => long.DivRem(time.ToUnixTimeSeconds(), StepSeconds) switch
    {
        (var quotient, < 0) => quotient - 1,
        (var quotient, _) => quotient,
    };

    public static string Code(ReadOnlySpan<byte> secret, DateTimeOffset time, int digits = Digits) =>
        Hotp(secret, StepAt(time), digits);

    /// <summary>
    /// The time step whose code the person typed, or null. Spaces and hyphens are ignored
    /// ("123 456", "123-456"); what remains must be exactly <see cref="Digits"/> ASCII digits.
    /// Steps now−1, now and now+1 are tried (RFC 6238 §5.2), each compared in constant time,
    /// and all three are always computed so the timing does not tell which one matched.
    /// </summary>
    /// <remarks>
    /// This method does NOT stop replay. The caller must store the returned step per authenticator
    /// and accept a code only when its step is greater than the last accepted step, atomically in the
    /// database (RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the OTP after the
    /// successful validation has been issued for the first OTP"; NIST SP 800-63B §5.1.4.1). Failed
    /// attempts must count towards lockout: a 6-digit code is about 20 bits (SP 800-63B §5.2.2).
    /// When two steps share a code (chance 10⁻⁶) the current step wins, then the earlier one.
    /// </remarks>
    public static long? MatchStep(ReadOnlySpan<byte> secret, string code, DateTimeOffset now)
    {
        if (Normalise(code) is not { } typed)
        {
            return null;
        }

        var current = StepAt(now);
        long? match = null;
        // A later match overwrites an earlier one, so the current step wins, then the past one.
        foreach (var step in (ReadOnlySpan<long>)[current + AcceptedDriftSteps, current - AcceptedDriftSteps, current])
        {
            if (step < 0)
            {
                continue;
            }

            var expected = Encoding.ASCII.GetBytes(Hotp(secret, step));
            if (CryptographicOperations.FixedTimeEquals(expected, typed))
            {
                match = step;
            }
        }

        return match;
    }

    /// <summary>
    /// The Key Uri Format (github.com/google/google-authenticator/wiki/Key-Uri-Format) for a QR code:
    /// label "Issuer:email", then secret, issuer and the algorithm parameters spelled out.
    /// </summary>
    /// <exception cref="ArgumentException">The issuer or e-mail contains ':', which would split the label wrongly.</exception>
    /// <exception cref="FormatException">The secret is not base32.</exception>
    public static string OtpAuthUri(string issuer, string accountEmail, string base32Secret)
    {
        if (issuer.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The issuer may not contain ':' (Key Uri Format).", nameof(issuer));
        }

        if (accountEmail.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The account name may not contain ':' (Key Uri Format).", nameof(accountEmail));
        }

        // Decoding and re-encoding drops spaces, padding and lower case, which some apps reject.
        var secret = Base32.Encode(Base32.Decode(base32Secret));
        var label = Uri.EscapeDataString($"{issuer}:{accountEmail}");
        return string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{label}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}");
    }

    /// <summary>ASCII bytes of the typed code without spaces and hyphens, or null when it is not 6 ASCII digits.</summary>
    private static byte[]? Normalise(string? code)
    {
        if (code is null)
        {
            return null;
        }

        var digits = new byte[Digits];
        var count = 0;
        foreach (var c in code)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || count == Digits)
            {
                return null;
            }

            digits[count++] = (byte)c;
        }

        return count == Digits ? digits : null;
    }
}
