using OtpNet;
using OtpTotp = OtpNet.Totp;

namespace Portal.Core.Mfa;

/// <summary>
/// The portal's TOTP seam over Otp.NET: HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA1, 6 digits
/// and a 30-second step, the parameters every authenticator app supports; the secret in base32
/// (RFC 4648 §6) and the otpauth URI. What Otp.NET leaves to its caller is here: the time comes from
/// the portal's clock, typed codes are normalised, only one step either side is accepted, and the
/// replay guard is the caller's, in the database (<see cref="AuthenticatorService"/>).
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>160-bit secrets: RFC 4226 §4 R6 recommends 160 bits (and requires at least 128).</summary>
    public const int SecretBytes = 20;

    /// <summary>RFC 4226 §4 R6: shorter shared secrets are refused.</summary>
    private const int MinSecretBytes = 16;

    /// <summary>RFC 6238 §5.2: one step of clock drift or typing delay either side.</summary>
    private static readonly VerificationWindow AcceptedDrift = new(previous: 1, future: 1);

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    /// <summary>RFC 4226 §5.3 (6 to 8 digits, R4).</summary>
    public static string Hotp(byte[] secret, long counter, int digits = Digits)
    {
        RequireSecret(secret);
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);
        return new Hotp(secret, OtpHashMode.Sha1, digits).ComputeHOTP(counter);
    }

    /// <summary>RFC 6238 §4.2: T = floor((unix time − T0) / X) with T0 = 0 and X = 30 seconds.</summary>
    public static long StepAt(DateTimeOffset time) => long.DivRem(time.ToUnixTimeSeconds(), StepSeconds) switch
    {
        (var quotient, < 0) => quotient - 1,
        (var quotient, _) => quotient,
    };

    /// <summary>The code at <paramref name="time"/>; Otp.NET would read the machine's clock if not given one.</summary>
    public static string Code(byte[] secret, DateTimeOffset time, int digits = Digits)
    {
        RequireSecret(secret);
        return new OtpTotp(secret, StepSeconds, OtpHashMode.Sha1, digits).ComputeTotp(time.UtcDateTime);
    }

    /// <summary>
    /// The time step whose code the person typed, or null. Spaces and hyphens are ignored
    /// ("123 456", "123-456"); what remains must be exactly <see cref="Digits"/> ASCII digits.
    /// Steps now, now−1 and now+1 are tried in that order (RFC 6238 §5.2), each compared in constant
    /// time by Otp.NET.
    /// </summary>
    /// <remarks>
    /// This method does NOT stop replay. The caller must store the returned step per authenticator
    /// and accept a code only when its step is greater than the last accepted step, atomically in the
    /// database (RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the OTP after the
    /// successful validation has been issued for the first OTP"; NIST SP 800-63B §5.1.4.1). Failed
    /// attempts must count towards lockout: a 6-digit code is about 20 bits (SP 800-63B §5.2.2).
    /// </remarks>
    public static long? MatchStep(byte[] secret, string? code, DateTimeOffset now)
    {
        RequireSecret(secret);
        if (Normalise(code) is not { } typed)
        {
            return null;
        }

        return new OtpTotp(secret, StepSeconds, OtpHashMode.Sha1, Digits)
            .VerifyTotp(now.UtcDateTime, typed, out var step, AcceptedDrift) ? step : null;
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
        var secret = ToBase32(FromBase32(base32Secret));
        return new OtpUri(OtpType.Totp, secret, accountEmail, issuer, OtpHashMode.Sha1, Digits, StepSeconds).ToString();
    }

    /// <summary>RFC 4648 §6 base32 without padding, the form authenticator apps expect.</summary>
    public static string ToBase32(byte[] secret) => secret.Length == 0 ? "" : Base32Encoding.ToString(secret).TrimEnd('=');

    /// <summary>A base32 secret as shown for typing: white space and lower case are accepted.</summary>
    /// <exception cref="FormatException">A character outside A–Z, 2–7 (and trailing '=').</exception>
    public static byte[] FromBase32(string text)
    {
        var symbols = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (symbols.Length == 0)
        {
            return [];
        }

        try
        {
            return Base32Encoding.ToBytes(symbols);
        }
        catch (ArgumentException e)
        {
            throw new FormatException("The secret is not base32 (A–Z, 2–7).", e);
        }
    }

    /// <summary>"JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", for people who type the secret by hand.</summary>
    public static string FormatForTyping(string base32) => string.Join(' ', base32
        .Where(c => !char.IsWhiteSpace(c))
        .Select(char.ToUpperInvariant)
        .Chunk(4)
        .Select(group => new string(group)));

    private static void RequireSecret(byte[] secret)
    {
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException($"A TOTP secret needs at least {MinSecretBytes} bytes (RFC 4226 §4 R6).", nameof(secret));
        }
    }

    /// <summary>The typed code without spaces and hyphens, or null when it is not 6 ASCII digits.</summary>
    private static string? Normalise(string? code)
    {
        if (code is null)
        {
            return null;
        }

        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
