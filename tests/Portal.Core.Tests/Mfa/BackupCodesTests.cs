using System.Security.Cryptography;
using Portal.Core.Mfa;

namespace Portal.Core.Tests.Mfa;

public class BackupCodesTests
{
    private const string CodeFormat = "^[23456789abcdefghjkmnpqrstuvwxyz]{5}-[23456789abcdefghjkmnpqrstuvwxyz]{5}$";

    private static readonly byte[] Salt = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    [Fact]
    public void Generate_returns_ten_codes()
    {
        Assert.Equal(10, BackupCodes.CountPerSet);
        Assert.Equal(10, BackupCodes.Generate().Count);
    }

    [Fact]
    public void Generate_returns_distinct_codes()
    {
        Assert.Equal(BackupCodes.CountPerSet, BackupCodes.Generate().Distinct().Count());
    }

    [Fact]
    public void Generate_skips_a_code_the_random_source_repeats()
    {
        var draws = new Queue<string>(["aaaaa-aaaaa", "aaaaa-aaaaa", .. Enumerable.Range(2, 12).Select(i => $"aaaaa-aaa{i:D2}")]);

        var codes = BackupCodes.Generate(draws.Dequeue);

        Assert.Equal(BackupCodes.CountPerSet, codes.Count);
        Assert.Equal(BackupCodes.CountPerSet, codes.Distinct().Count());
    }

    [Fact]
    public void Generate_formats_codes_as_two_groups_of_five_without_look_alike_characters()
    {
        foreach (var code in BackupCodes.Generate())
        {
            Assert.Matches(CodeFormat, code);
        }
    }

    [Fact]
    public void Codes_carry_at_least_40_bits_of_entropy()
    {
        var code = BackupCodes.Generate()[0];
        var symbols = BackupCodes.Normalise(code).Length;

        var bits = symbols * Math.Log2(BackupCodes.Alphabet.Distinct().Count());

        Assert.Equal(31, BackupCodes.Alphabet.Length);
        Assert.True(bits >= 40, $"{symbols} symbols of {BackupCodes.Alphabet.Length} give only {bits:F1} bits");
    }

    [Fact]
    public void Generated_codes_use_every_symbol_of_the_alphabet()
    {
        // 300 sets are 30,000 symbols: the chance that a fair generator never draws one given symbol is (30/31)^30000 ≈ 10^-427.
        var seen = Enumerable.Range(0, 300).SelectMany(_ => BackupCodes.Generate()).SelectMany(code => code.Replace("-", "", StringComparison.Ordinal)).ToHashSet();

        Assert.Equal(BackupCodes.Alphabet.ToHashSet(), seen);
    }

    [Fact]
    public void Two_generated_sets_differ()
    {
        Assert.Empty(BackupCodes.Generate().Intersect(BackupCodes.Generate()));
    }

    [Theory]
    [InlineData("abcde-fghjk")]
    [InlineData("ABCDE-FGHJK")]
    [InlineData("abcde fghjk")]
    [InlineData(" AbCdE - fGhJk ")]
    [InlineData("abcdefghjk")]
    public void Normalise_lower_cases_and_strips_spaces_and_hyphens(string typed)
    {
        Assert.Equal("abcdefghjk", BackupCodes.Normalise(typed));
    }

    [Fact]
    public void Hash_is_PBKDF2_HMAC_SHA256_with_10000_iterations_in_lower_case_hex()
    {
        // Computed independently: Python hashlib.pbkdf2_hmac("sha256", b"abcdefghjk", bytes(range(16)), 10000, 32).hex()
        Assert.Equal("a5da66821e38f14e7c0dfbf816bbae351dbbde43058bb37cc02c7ebbdffcba0b", BackupCodes.Hash("abcde-fghjk", Salt));
    }

    [Fact]
    public void Hash_is_of_the_normalised_code()
    {
        Assert.Equal(BackupCodes.Hash("abcde-fghjk", Salt), BackupCodes.Hash("ABCDE FGHJK", Salt));
    }

    [Fact]
    public void Hash_differs_with_the_salt()
    {
        var otherSalt = (byte[])Salt.Clone();
        otherSalt[0] ^= 1;

        Assert.NotEqual(BackupCodes.Hash("abcde-fghjk", Salt), BackupCodes.Hash("abcde-fghjk", otherSalt));
    }

    [Fact]
    public void Hash_refuses_a_salt_shorter_than_16_bytes()
    {
        Assert.Throws<ArgumentException>(() => BackupCodes.Hash("abcde-fghjk", new byte[15]));
        Assert.Throws<ArgumentException>(() => BackupCodes.Verify("abcde-fghjk", new string('0', 64), new byte[15]));
    }

    [Fact]
    public void Verify_accepts_the_code_typed_in_upper_case_with_spaces()
    {
        var code = BackupCodes.Generate()[0];
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = BackupCodes.Hash(code, salt);

        Assert.True(BackupCodes.Verify(code, hash, salt));
        Assert.True(BackupCodes.Verify(" " + code.ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal) + " ", hash, salt));
    }

    [Fact]
    public void Verify_refuses_a_wrong_code()
    {
        var code = BackupCodes.Generate()[0];
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = BackupCodes.Hash(code, salt);
        var oneCharacterOff = (code[0] == 'a' ? "b" : "a") + code[1..];

        Assert.False(BackupCodes.Verify(oneCharacterOff, hash, salt));
        Assert.False(BackupCodes.Verify(code[..^1], hash, salt));
        Assert.False(BackupCodes.Verify("", hash, salt));
    }

    [Fact]
    public void Verify_refuses_the_right_code_with_another_salt()
    {
        var code = BackupCodes.Generate()[0];
        var hash = BackupCodes.Hash(code, Salt);

        Assert.False(BackupCodes.Verify(code, hash, RandomNumberGenerator.GetBytes(16)));
    }

    [Fact]
    public void Verify_refuses_the_code_of_another_set()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var stored = BackupCodes.Generate().Select(code => BackupCodes.Hash(code, salt)).ToList();

        var other = BackupCodes.Generate()[0];

        Assert.DoesNotContain(stored, hash => BackupCodes.Verify(other, hash, salt));
    }
}
