using System.Security.Cryptography;
using System.Text;
using Portal.Core.Mfa;

namespace Portal.Core.Tests.Mfa;

/// <summary>The TOTP secret in RFC 4648 §6 base32, through the portal's seam over Otp.NET.</summary>
public class Base32Tests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Encode_matches_RFC4648_section_10_vectors_without_padding(string plain, string expected)
    {
        Assert.Equal(expected, Totp.ToBase32(Encoding.ASCII.GetBytes(plain)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("MY", "f")]
    [InlineData("MZXQ", "fo")]
    [InlineData("MZXW6", "foo")]
    [InlineData("MZXW6YQ", "foob")]
    [InlineData("MZXW6YTB", "fooba")]
    [InlineData("MZXW6YTBOI", "foobar")]
    public void Decode_matches_RFC4648_section_10_vectors(string encoded, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(Totp.FromBase32(encoded)));
    }

    [Theory]
    [InlineData("MY======", "f")]
    [InlineData("MZXQ====", "fo")]
    [InlineData("MZXW6===", "foo")]
    [InlineData("MZXW6YQ=", "foob")]
    [InlineData("MZXW6YTBOI======", "foobar")]
    public void Decode_accepts_RFC4648_padding(string encoded, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(Totp.FromBase32(encoded)));
    }

    [Theory]
    [InlineData("mzxw6ytboi")]
    [InlineData("MZXW 6YTB OI")]
    [InlineData("mzxw 6ytb oi")]
    [InlineData(" mZxW6y\ttBoI ")]
    public void Decode_accepts_lower_case_and_spaces(string typed)
    {
        Assert.Equal("foobar", Encoding.ASCII.GetString(Totp.FromBase32(typed)));
    }

    [Theory]
    [InlineData("MZXW6-YQ")]
    [InlineData("MZXW06YQ")]
    [InlineData("MZXW16YQ")]
    [InlineData("MZXW86YQ")]
    [InlineData("MZXW6YQ!")]
    [InlineData("MZXW6YTBoı")]
    [InlineData("MZXW6YTBOİ")]
    public void Decode_throws_on_characters_outside_the_alphabet(string text)
    {
        Assert.Throws<FormatException>(() => Totp.FromBase32(text));
    }

    [Fact]
    public void Decode_throws_on_padding_before_the_end()
    {
        Assert.Throws<FormatException>(() => Totp.FromBase32("MZ=XW6YQ"));
    }

    [Fact]
    public void Random_bytes_of_every_length_up_to_41_round_trip()
    {
        for (var length = 0; length <= 41; length++)
        {
            var bytes = RandomNumberGenerator.GetBytes(length);

            var encoded = Totp.ToBase32(bytes);

            Assert.Matches("^[A-Z2-7]*$", encoded);
            Assert.Equal(bytes, Totp.FromBase32(encoded));
        }
    }

    [Fact]
    public void A_TOTP_secret_encodes_to_32_characters()
    {
        Assert.Equal(32, Totp.ToBase32(Totp.NewSecret()).Length);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("MZX", "MZX")]
    [InlineData("MZXW", "MZXW")]
    [InlineData("MZXW6YTBOI", "MZXW 6YTB OI")]
    [InlineData("JBSWY3DPEHPK3PXP", "JBSW Y3DP EHPK 3PXP")]
    [InlineData("jbsw y3dp ehpk3pxp", "JBSW Y3DP EHPK 3PXP")]
    public void FormatForTyping_writes_upper_case_groups_of_four_separated_by_spaces(string base32, string expected)
    {
        Assert.Equal(expected, Totp.FormatForTyping(base32));
    }

    [Fact]
    public void FormatForTyping_output_decodes_to_the_same_bytes()
    {
        var secret = Totp.NewSecret();

        Assert.Equal(secret, Totp.FromBase32(Totp.FormatForTyping(Totp.ToBase32(secret))));
    }
}
