using Portal.Core.Mail;

namespace Portal.Core.Tests.Mail;

public sealed class EmailAddressRuleTests
{
    [Theory]
    [InlineData("anna@office.be", "anna@office.be")]
    [InlineData("  Anna.Peeters@Office.BE ", "anna.peeters@office.be")]
    [InlineData("jan+portal@kantoor.nl", "jan+portal@kantoor.nl")]
    [InlineData("o'brien@steuer-buero.de", "o'brien@steuer-buero.de")]
    public void Plain_addresses_are_accepted_in_lower_case(string input, string expected) =>
        Assert.Equal(expected, EmailAddressRule.Normalise(input));

    [Theory]
    [InlineData("y@test..local")] // the address that once stopped the portal
    [InlineData("y@.test.local")]
    [InlineData("y@test.local.")]
    [InlineData("y@localhost")]
    [InlineData(".y@test.local")]
    [InlineData("y.@test.local")]
    [InlineData("y..z@test.local")]
    [InlineData("Anna <anna@office.be>")]
    [InlineData("anna@office.be, bob@office.be")]
    [InlineData("anna@office.be\r\nBcc: x@y.test")]
    [InlineData("anna\u0000@office.be")]
    [InlineData("anna@offi ce.be")]
    [InlineData("\"anna\"@office.be")]
    [InlineData("anna@-office.be")]
    [InlineData("@office.be")]
    [InlineData("anna@")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_but_one_plain_deliverable_address_is_refused(string? input) =>
        Assert.Null(EmailAddressRule.Normalise(input));

    [Fact]
    public void Addresses_longer_than_254_characters_are_refused()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".be";
        Assert.True($"{local}@{domain}".Length > EmailAddressRule.MaxLength);
        Assert.Null(EmailAddressRule.Normalise($"{local}@{domain}"));
    }
}
