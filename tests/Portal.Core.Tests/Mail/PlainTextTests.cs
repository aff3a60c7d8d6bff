using Portal.Core.Mail;

namespace Portal.Core.Tests.Mail;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("Demo Accountancy")]
    [InlineData("Fiduciaire Lefèvre & Fils — Liège")]
    [InlineData("Steuerbüro Müller GmbH")]
    public void Names_with_any_printable_text_are_single_line(string name) => Assert.True(PlainText.IsSingleLine(name));

    [Theory]
    [InlineData("Demo Acc\r\nBcc: x@y")]
    [InlineData("Demo\nAcc")]
    [InlineData("Demo\tAcc")]
    [InlineData("Demo\u0000Acc")]
    [InlineData("Demo\u0085Acc")]
    [InlineData("Demo\u2028Acc")]
    public void Names_with_control_characters_or_line_breaks_are_refused(string name) => Assert.False(PlainText.IsSingleLine(name));

    [Fact]
    public void Multi_line_text_allows_line_breaks_and_tabs_only()
    {
        Assert.True(PlainText.IsMultiLine("Lost my phone.\r\nCall me after 3 pm.\tThanks"));
        Assert.False(PlainText.IsMultiLine("Lost my phone.\u001b[2J"));
    }

    [Fact]
    public void Stored_text_becomes_one_line_for_headers() =>
        Assert.Equal("Demo Acc  Bcc: x@y", PlainText.ToSingleLine("Demo Acc\r\nBcc: x@y"));
}
