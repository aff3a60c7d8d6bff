using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Mfa;

/// <summary>
/// Backup codes: a set of <see cref="CountPerSet"/> single-use look-up secrets (NIST SP 800-63B
/// §5.1.2) for when the authenticator is lost. Shown once, stored only as salted hashes.
/// </summary>
/// <remarks>
/// Format "xxxxx-xxxxx": 10 characters from a 31-character alphabet without look-alikes
/// (no 0/o, 1/l/i). Entropy: 10 × log2(31) = 10 × 4.954 ≈ 49.5 bits (31¹⁰ ≈ 8.2 × 10¹⁴ codes).
/// Eight characters would give 8 × 4.954 ≈ 39.6 bits, short of the 40 bits we want, so ten it is.
///
/// Storage: SP 800-63B §5.1.2.2 lets look-up secrets of at least 112 bits be stored with a plain
/// approved hash, but secrets below 112 bits "SHALL be salted and hashed using a suitable one-way
/// key derivation function" with a salt of at least 32 bits stored for each secret. 112 bits would
/// be 23 characters to type, so codes stay at ~49.5 bits and are hashed with PBKDF2-HMAC-SHA256,
/// 10,000 iterations (§5.1.1.2: "typically at least 10,000 iterations") and a random salt per code.
/// Why that is enough: unsalted SHA-256 over 8.2 × 10¹⁴ candidates is hours of work for one GPU and
/// one table cracks every user's codes at once; with a per-code salt and 10,000 iterations each code
/// must be attacked alone at roughly 10⁴ times the cost, i.e. years of GPU time per code. Passwords
/// get 210,000 iterations because people choose guessable ones; these codes are uniformly random.
/// 10,000 iterations keeps checking a whole set of ten well under 50 ms (a test holds us to it).
/// Online guessing (≈ 49.5 bits, below SP 800-63B's 64-bit threshold) is stopped by the lockout that
/// failed second-factor attempts feed (§5.1.2.2, §5.2.2); single use is enforced by the database.
/// </remarks>
public static class BackupCodes
{
    public const int CountPerSet = 10;

    /// <summary>Lower-case letters and digits without 0, 1, i, l, o: 8 digits + 23 letters = 31 symbols.</summary>
    internal const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    private const int HalfLength = 5;

    /// <summary>NIST SP 800-63B §5.1.2.2 asks for at least 32 bits; 128 bits makes collisions irrelevant.</summary>
    private const int MinSaltBytes = 16;

    private const int Iterations = 10_000;

    private static readonly HashAlgorithmName Prf = HashAlgorithmName.SHA256;

    /// <summary>Ten distinct fresh codes "xxxxx-xxxxx" from RandomNumberGenerator.</summary>
    public static IReadOnlyList<string> Generate() => Generate(RandomCode);

    /// <summary>The seam for tests: draws from <paramref name="nextCode"/> until it has ten distinct codes.</summary>
    internal static IReadOnlyList<string> Generate(Func<string> nextCode)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>(CountPerSet);
        while (ordered.Count < CountPerSet)
        {
            var code = nextCode();
            if (codes.Add(code))
            {
                ordered.Add(code);
            }
        }

        return ordered.AsReadOnly();
    }

    /// <summary>"ABCDE-FGHJK", "abcde fghjk" and "abcdefghjk" all become "abcdefghjk".</summary>
    public static string Normalise(string input)
    {
        var output = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (c is ' ' or '-' || char.IsWhiteSpace(c))
            {
                continue;
            }

            output.Append(char.IsAsciiLetterUpper(c) ? (char)(c - 'A' + 'a') : c);
        }

        return output.ToString();
    }

    /// <summary>
    /// Lower-case hex PBKDF2-HMAC-SHA256 (10,000 iterations, 32 bytes) of the normalised code.
    /// Give every code its own salt from <c>RandomNumberGenerator.GetBytes(16)</c> and store it beside
    /// the hash (SP 800-63B §5.1.2.2).
    /// </summary>
    /// <exception cref="ArgumentException">The salt is shorter than 16 bytes.</exception>
    public static string Hash(string code, byte[] salt) => Convert.ToHexStringLower(Derive(code, salt));

    /// <summary>
    /// Whether <paramref name="code"/> (as typed: any case, spaces, hyphens) is the code behind
    /// <paramref name="hash"/>; compared in constant time. It does not consume the code: the caller
    /// marks it used in the same database operation that checks it is still unused.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="hash"/> is not hex (corrupt stored data).</exception>
    public static bool Verify(string code, string hash, byte[] salt)
    {
        var expected = Convert.FromHexString(hash);
        var actual = Derive(code, salt);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string code, byte[] salt)
    {
        if (salt.Length < MinSaltBytes)
        {
            throw new ArgumentException($"A backup-code salt needs at least {MinSaltBytes} random bytes.", nameof(salt));
        }

        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Normalise(code)), salt, Iterations, Prf, SHA256.HashSizeInBytes);
    }

    private static string RandomCode() => $"{RandomChunk()}-{RandomChunk()}";

    /// <summary>GetInt32 draws uniformly by rejection sampling, so no symbol is favoured (no modulo bias).</summary>
    private static string RandomChunk() => string.Create(HalfLength, 0, static (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });
}
