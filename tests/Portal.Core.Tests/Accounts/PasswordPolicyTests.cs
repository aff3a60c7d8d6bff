using Portal.Core.Accounts;

namespace Portal.Core.Tests.Accounts;

/// <summary>NIST SP 800-63B §5.1.1.2 as design.md states it: 12–128 characters, any characters, no guessable ones.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Short-pw-11")]
    [InlineData("")]
    public void Fewer_than_12_characters_is_too_short(string password) =>
        Assert.Equal(PasswordProblem.TooShort, PasswordPolicy.Check(password, "anna@office.test", "Anna Peeters"));

    [Fact]
    public void Characters_are_counted_as_code_points_so_12_emoji_are_enough_length()
    {
        var twelveEmoji = string.Concat(Enumerable.Repeat("🦊", 11)) + "🐢";
        Assert.NotEqual(PasswordProblem.TooShort, PasswordPolicy.Check(twelveEmoji, null, null));
        Assert.Equal(PasswordProblem.TooShort, PasswordPolicy.Check(string.Concat(Enumerable.Repeat("🦊", 11)), null, null));
    }

    [Fact]
    public void More_than_128_characters_is_too_long() =>
        Assert.Equal(PasswordProblem.TooLong, PasswordPolicy.Check(new string('x', 129), null, null));

    [Theory]
    [InlineData("password1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("123456789012")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("Welkom2024!!")]
    public void Common_and_patterned_passwords_are_too_guessable(string password) =>
        Assert.Equal(PasswordProblem.TooGuessable, PasswordPolicy.Check(password, "anna@office.test", "Anna Peeters"));

    [Theory]
    [InlineData("Peeters-Accountancy-2026", "anna.peeters@office.test", "Anna Peeters")]
    [InlineData("my-mail-is-anna.peeters", "anna.peeters@office.test", null)]
    [InlineData("Boekhouding-Vandamme-99", "info@vandamme.be", "Info Desk")]
    public void Passwords_holding_the_name_or_email_are_refused(string password, string email, string? name) =>
        Assert.Equal(PasswordProblem.ContainsPersonalDetails, PasswordPolicy.Check(password, email, name));

    [Theory]
    [InlineData("Lantern-Orchard-Velvet-91")]
    [InlineData("zeilboot fietsbel koffiemolen")]
    [InlineData("Ç'est-la-vie-à-Liège-2031")]
    public void Long_unrelated_passphrases_pass(string password) =>
        Assert.Equal(PasswordProblem.None, PasswordPolicy.Check(password, "anna@office.test", "Anna Peeters"));
}
