using Portal.Core.Audit;

namespace Portal.Core.Tests.Audit;

/// <summary>OWASP "CSV Injection": a cell a spreadsheet would run as a formula is made plain text.</summary>
public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.example\")", "\"'=HYPERLINK(\"\"https://evil.example\"\")\"")]
    [InlineData("+31 20 123", "\"'+31 20 123\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    public void Cells_starting_like_a_formula_get_a_leading_apostrophe(string value, string cell) =>
        Assert.Equal(cell, AuditCsv.Cell(value));

    [Theory]
    [InlineData("anna@office.be", "\"anna@office.be\"")]
    [InlineData("say \"hi\", then go", "\"say \"\"hi\"\", then go\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData(null, "\"\"")]
    public void Other_cells_are_quoted_with_inner_quotes_doubled(string? value, string cell) =>
        Assert.Equal(cell, AuditCsv.Cell(value));

    [Fact]
    public void A_row_holds_when_type_who_whom_where_and_details()
    {
        var row = AuditCsv.Row(new AuditEvent
        {
            OccurredAt = new DateTimeOffset(2026, 11, 22, 9, 30, 5, TimeSpan.Zero),
            Type = AuditEventTypes.MemberRemoved,
            ActorEmail = "admin@office.be",
            TargetEmail = "bram@office.be",
            ClientAddress = "203.0.113.7",
            Details = "{\"role\": \"Member\"}",
        }, "Member removed");

        Assert.Equal("\"2026-11-22T09:30:05Z\",\"member.removed\",\"Member removed\",\"admin@office.be\",\"bram@office.be\",\"203.0.113.7\",\"{\"\"role\"\": \"\"Member\"\"}\"", row);
    }
}
