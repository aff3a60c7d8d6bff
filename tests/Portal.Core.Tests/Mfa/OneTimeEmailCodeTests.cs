using Portal.Core.Mfa;

namespace Portal.Core.Tests.Mfa;

public class OneTimeEmailCodeTests
{
    [Fact]
    public void Generate_returns_8_ASCII_digits()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Matches("^[0-9]{8}$", OneTimeEmailCode.Generate());
        }
    }

    [Fact]
    public void Generate_keeps_leading_zeros()
    {
        // A fair generator starts 1,000 codes without a '0' with chance 0.9^1000 ≈ 10^-46.
        var codes = Enumerable.Range(0, 1000).Select(_ => OneTimeEmailCode.Generate()).ToList();

        Assert.All(codes, code => Assert.Equal(8, code.Length));
        Assert.Contains(codes, code => code[0] == '0');
    }

    [Fact]
    public void Generate_returns_fresh_codes()
    {
        // 20 draws from 10^8 collide with chance ≈ 2 × 10^-6.
        var codes = Enumerable.Range(0, 20).Select(_ => OneTimeEmailCode.Generate()).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Hash_is_lower_case_hex_HMAC_SHA256_keyed_with_the_purpose_salt()
    {
        // Computed independently: Python hmac.new(b"backup-email-login:42", b"01234567", hashlib.sha256).hexdigest()
        Assert.Equal(
            "8a0a6631296d0a27a69a231550a78747492840e1998d4179e13a11d5e26bf9e4",
            OneTimeEmailCode.Hash("01234567", "backup-email-login:42"));
    }

    [Fact]
    public void Hash_ignores_spaces_and_hyphens_typed_into_the_code()
    {
        var expected = OneTimeEmailCode.Hash("01234567", "backup-email-login:42");

        Assert.Equal(expected, OneTimeEmailCode.Hash("0123 4567", "backup-email-login:42"));
        Assert.Equal(expected, OneTimeEmailCode.Hash("0123-4567", "backup-email-login:42"));
    }

    [Fact]
    public void Hash_differs_for_another_purpose_or_user()
    {
        var hash = OneTimeEmailCode.Hash("01234567", "backup-email-login:42");

        Assert.NotEqual(hash, OneTimeEmailCode.Hash("01234567", "backup-email-login:43"));
        Assert.NotEqual(hash, OneTimeEmailCode.Hash("01234567", "verify-backup-email:42"));
    }

    [Fact]
    public void Hash_differs_for_another_code()
    {
        Assert.NotEqual(OneTimeEmailCode.Hash("01234567", "p"), OneTimeEmailCode.Hash("01234568", "p"));
    }

    [Fact]
    public void Hash_refuses_an_empty_purpose_salt()
    {
        Assert.Throws<ArgumentException>(() => OneTimeEmailCode.Hash("01234567", ""));
    }
}
