using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Portal.Core.Security;

namespace Portal.Core.Tests.Invitations;

/// <summary>ASVS 5.0 V7.2.3: at least 128 bits from a CSPRNG; only the hash is stored.</summary>
public sealed class SecretTokenTests
{
    [Fact]
    public void A_token_carries_256_random_bits_in_url_safe_text()
    {
        var (token, _) = SecretToken.Create();

        Assert.Equal(SecretToken.TextLength, token.Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void The_stored_hash_is_the_sha256_of_the_token_not_the_token()
    {
        var (token, hash) = SecretToken.Create();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))), hash);
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
        Assert.Equal(hash, SecretToken.Hash(token));
    }

    [Fact]
    public void Tokens_do_not_repeat() =>
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => SecretToken.Create().Token).Distinct().Count());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Text_that_cannot_be_a_token_is_not_looked_up(string? token) =>
        Assert.False(SecretToken.IsWellFormed(token));

    [Fact]
    public void A_created_token_is_well_formed() => Assert.True(SecretToken.IsWellFormed(SecretToken.Create().Token));
}
