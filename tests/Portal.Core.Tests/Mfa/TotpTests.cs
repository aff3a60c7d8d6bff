using System.Text;
using Portal.Core.Mfa;

namespace Portal.Core.Tests.Mfa;

public class TotpTests
{
    /// <summary>The secret of RFC 4226 Appendix D and of the SHA-1 rows of RFC 6238 Appendix B.</summary>
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_111_111_111);

    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Hotp_matches_RFC4226_appendix_D_vectors(long counter, string expected)
    {
        Assert.Equal(expected, Totp.Hotp(RfcSecret, counter));
    }

    [Theory]
    [InlineData(59, "94287082")]
    [InlineData(1111111109, "07081804")]
    [InlineData(1111111111, "14050471")]
    [InlineData(1234567890, "89005924")]
    [InlineData(2000000000, "69279037")]
    [InlineData(20000000000, "65353130")]
    public void Code_matches_RFC6238_appendix_B_SHA1_vectors_with_8_digits(long unixSeconds, string expected)
    {
        Assert.Equal(expected, Totp.Code(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8));
    }

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1111111111, "050471")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    [InlineData(20000000000, "353130")]
    public void Code_matches_RFC6238_appendix_B_SHA1_vectors_with_6_digits(long unixSeconds, string expected)
    {
        Assert.Equal(expected, Totp.Code(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
    }

    [Theory]
    [InlineData(-31, -2)]
    [InlineData(-1, -1)]
    [InlineData(0, 0)]
    [InlineData(29, 0)]
    [InlineData(30, 1)]
    [InlineData(59, 1)]
    [InlineData(1111111109, 37037036)]
    [InlineData(1111111111, 37037037)]
    [InlineData(20000000000, 666666666)]
    public void StepAt_is_unix_seconds_divided_by_30_rounded_down(long unixSeconds, long expectedStep)
    {
        Assert.Equal(expectedStep, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
    }

    [Fact]
    public void StepAt_ignores_the_time_zone_offset()
    {
        var brussels = Now.ToOffset(TimeSpan.FromHours(2));

        Assert.Equal(Totp.StepAt(Now), Totp.StepAt(brussels));
    }

    [Fact]
    public void Defaults_are_SHA1_six_digits_thirty_seconds_and_160_bit_secrets()
    {
        Assert.Equal(30, Totp.StepSeconds);
        Assert.Equal(6, Totp.Digits);
        Assert.Equal(20, Totp.SecretBytes);
        Assert.Equal(6, Totp.Code(RfcSecret, Now).Length);
    }

    [Fact]
    public void NewSecret_is_20_fresh_random_bytes()
    {
        var first = Totp.NewSecret();
        var second = Totp.NewSecret();

        Assert.Equal(Totp.SecretBytes, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Hotp_refuses_secrets_shorter_than_128_bits()
    {
        Assert.Throws<ArgumentException>(() => Totp.Hotp(new byte[15], 0));
        Assert.Equal(6, Totp.Hotp(new byte[16], 0).Length);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public void Hotp_refuses_fewer_than_6_or_more_than_8_digits(int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.Hotp(RfcSecret, 0, digits));
    }

    [Fact]
    public void Hotp_refuses_a_negative_counter()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Totp.Hotp(RfcSecret, -1));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void MatchStep_accepts_the_previous_current_and_next_step_and_returns_the_step_that_matched(int offset)
    {
        AssertCodesAroundNowDiffer();
        var step = Totp.StepAt(Now) + offset;

        Assert.Equal(step, Totp.MatchStep(RfcSecret, Totp.Hotp(RfcSecret, step), Now));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void MatchStep_refuses_codes_two_steps_away(int offset)
    {
        AssertCodesAroundNowDiffer();
        var code = Totp.Hotp(RfcSecret, Totp.StepAt(Now) + offset);

        Assert.Null(Totp.MatchStep(RfcSecret, code, Now));
    }

    [Fact]
    public void MatchStep_accepts_a_code_anywhere_within_its_30_seconds()
    {
        var stepStart = DateTimeOffset.FromUnixTimeSeconds(Totp.StepAt(Now) * Totp.StepSeconds);
        var code = Totp.Code(RfcSecret, stepStart);

        Assert.Equal(Totp.StepAt(Now), Totp.MatchStep(RfcSecret, code, stepStart.AddSeconds(29)));
    }

    [Theory]
    [InlineData("{0} {1}")]
    [InlineData("{0}-{1}")]
    [InlineData(" {0}  {1} ")]
    public void MatchStep_ignores_spaces_and_hyphens(string layout)
    {
        var code = Totp.Code(RfcSecret, Now);
        var typed = string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, code[..3], code[3..]);

        Assert.Equal(Totp.StepAt(Now), Totp.MatchStep(RfcSecret, typed, Now));
    }

    [Fact]
    public void MatchStep_refuses_five_digits_even_when_they_start_the_right_code()
    {
        var code = Totp.Code(RfcSecret, Now);

        Assert.Null(Totp.MatchStep(RfcSecret, code[..5], Now));
    }

    [Fact]
    public void MatchStep_refuses_seven_digits_even_when_they_contain_the_right_code()
    {
        var code = Totp.Code(RfcSecret, Now);

        Assert.Null(Totp.MatchStep(RfcSecret, code + "0", Now));
        Assert.Null(Totp.MatchStep(RfcSecret, "0" + code, Now));
    }

    [Fact]
    public void MatchStep_refuses_letters_mixed_into_the_right_code()
    {
        var code = Totp.Code(RfcSecret, Now);

        Assert.Null(Totp.MatchStep(RfcSecret, code[..3] + "a" + code[3..], Now));
        Assert.Null(Totp.MatchStep(RfcSecret, "abcdef", Now));
    }

    [Fact]
    public void MatchStep_refuses_non_ASCII_digits_that_spell_the_right_code()
    {
        var code = Totp.Code(RfcSecret, Now);
        var arabicIndic = new string(code.Select(c => (char)('\u0660' + (c - '0'))).ToArray());
        var fullWidth = new string(code.Select(c => (char)('\uFF10' + (c - '0'))).ToArray());

        Assert.Null(Totp.MatchStep(RfcSecret, arabicIndic, Now));
        Assert.Null(Totp.MatchStep(RfcSecret, fullWidth, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("      ")]
    [InlineData("- - -")]
    public void MatchStep_refuses_empty_input(string typed)
    {
        Assert.Null(Totp.MatchStep(RfcSecret, typed, Now));
    }

    [Fact]
    public void MatchStep_refuses_the_code_of_another_secret()
    {
        var otherSecret = Encoding.ASCII.GetBytes("09876543210987654321");

        Assert.Null(Totp.MatchStep(RfcSecret, Totp.Code(otherSecret, Now), Now));
    }

    [Fact]
    public void OtpAuthUri_follows_the_key_uri_format()
    {
        var uri = Totp.OtpAuthUri("Portal", "anna.peeters@example.be", "JBSWY3DPEHPK3PXP");

        Assert.Equal(
            "otpauth://totp/Portal:anna.peeters%40example.be?secret=JBSWY3DPEHPK3PXP&issuer=Portal&algorithm=SHA1&digits=6&period=30",
            uri);
    }

    [Fact]
    public void OtpAuthUri_escapes_spaces_as_percent_20_and_writes_the_secret_canonically()
    {
        var uri = Totp.OtpAuthUri("Portal Demo", "jan@example.nl", "jbsw y3dp ehpk 3pxp");

        Assert.Equal(
            "otpauth://totp/Portal%20Demo:jan%40example.nl?secret=JBSWY3DPEHPK3PXP&issuer=Portal%20Demo&algorithm=SHA1&digits=6&period=30",
            uri);
    }

    [Fact]
    public void OtpAuthUri_refuses_a_colon_in_the_issuer_or_account()
    {
        Assert.Throws<ArgumentException>(() => Totp.OtpAuthUri("Portal:Test", "anna@example.be", "JBSWY3DPEHPK3PXP"));
        Assert.Throws<ArgumentException>(() => Totp.OtpAuthUri("Portal", "anna:x@example.be", "JBSWY3DPEHPK3PXP"));
    }

    [Fact]
    public void OtpAuthUri_refuses_a_secret_that_is_not_base32()
    {
        Assert.Throws<FormatException>(() => Totp.OtpAuthUri("Portal", "anna@example.be", "JBSWY3DPEHPK3PX1"));
    }

    /// <summary>Guards the step tests: they prove nothing if two neighbouring steps share a code.</summary>
    private static void AssertCodesAroundNowDiffer()
    {
        var current = Totp.StepAt(Now);
        var codes = Enumerable.Range(-2, 5).Select(offset => Totp.Hotp(RfcSecret, current + offset)).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
