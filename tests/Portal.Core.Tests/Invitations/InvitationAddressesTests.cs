using Portal.Core.Invitations;

namespace Portal.Core.Tests.Invitations;

/// <summary>The invite form's text: many addresses at once, as people paste them.</summary>
public sealed class InvitationAddressesTests
{
    [Fact]
    public void Addresses_are_split_on_commas_semicolons_spaces_and_new_lines()
    {
        var parsed = InvitationAddresses.Parse("anna@office.be, bram@office.be;chloe@office.be\r\ndirk@office.be eva@office.be\tfrank@office.be");

        Assert.Equal(["anna@office.be", "bram@office.be", "chloe@office.be", "dirk@office.be", "eva@office.be", "frank@office.be"], parsed.Valid);
        Assert.Empty(parsed.Invalid);
    }

    [Fact]
    public void Names_from_a_mail_client_are_dropped_and_the_address_kept()
    {
        var parsed = InvitationAddresses.Parse("Anna Peeters <anna@office.be>; \"Claes, Bram\" <bram@office.be>, \"Dubois; Chloé\" <chloe@office.be>");

        Assert.Equal(["anna@office.be", "bram@office.be", "chloe@office.be"], parsed.Valid);
        Assert.Empty(parsed.Invalid);
    }

    [Fact]
    public void Addresses_are_lower_case_and_each_appears_once()
    {
        var parsed = InvitationAddresses.Parse("Anna@Office.BE anna@office.be ANNA@OFFICE.BE");

        Assert.Equal(["anna@office.be"], parsed.Valid);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("anna@office")]
    [InlineData("@office.be")]
    [InlineData("anna@@office.be")]
    [InlineData("anna@office..be")]
    [InlineData("anna@.office.be")]
    public void Malformed_addresses_are_reported_as_given(string address)
    {
        var parsed = InvitationAddresses.Parse($"good@office.be, {address}");

        Assert.Equal(["good@office.be"], parsed.Valid);
        Assert.Equal([address], parsed.Invalid);
    }

    [Fact]
    public void An_address_longer_than_254_characters_is_refused() =>
        Assert.Null(InvitationAddresses.Normalise(new string('a', 245) + "@office.be"));

    [Fact]
    public void Empty_text_gives_no_addresses()
    {
        var parsed = InvitationAddresses.Parse(" ,; \n ");

        Assert.Empty(parsed.Valid);
        Assert.Empty(parsed.Invalid);
    }
}
