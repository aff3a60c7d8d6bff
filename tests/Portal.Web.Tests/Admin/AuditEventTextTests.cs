using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Core.Audit;
using Portal.Web.Infrastructure.Localization;
using Portal.Web.Pages.Admin;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Admin;

/// <summary>
/// Every audit event type — read from <see cref="AuditEventTypes"/>, never listed here — has a label
/// and a rendering of its details in English, Dutch, French and German, and no rendering shows a
/// machine code.
/// </summary>
public sealed class AuditEventTextTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static readonly TheoryData<string> Languages = new() { "en", "nl", "fr", "de" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_event_type_has_a_label_and_a_details_rendering(string language)
    {
        using var scope = new CultureScope(language);
        var L = factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var problems = new List<string>();
        foreach (var type in AuditEventText.Types)
        {
            var label = AuditEventText.Label(L, type);
            if (label is null)
            {
                problems.Add($"{type}: no label");
            }
            else if (language != "en" && label.ResourceNotFound)
            {
                problems.Add($"{type}: label \"{label.Value}\" is not translated");
            }

            if (AuditEventText.Details(L, type, "{}", LocalTime.Zone(null)) is null)
            {
                problems.Add($"{type}: no details rendering");
            }
        }

        Assert.True(AuditEventText.Types.Count > 40, "Suspiciously few event types found");
        Assert.True(problems.Count == 0, $"In '{language}':\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("en", "As a member, valid until 8 Dec 2026, 19:03")]
    [InlineData("nl", "Als lid, geldig tot 8 dec 2026, 19:03")]
    [InlineData("fr", "En tant que membre, valable jusqu’au 8 déc. 2026 à 19:03")]
    [InlineData("de", "Als Mitglied, gültig bis 8. Dez. 2026, 19:03")]
    public void Details_read_as_a_sentence_with_a_local_time(string language, string expected)
    {
        using var scope = new CultureScope(language);
        var L = factory.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

        var text = AuditEventText.Details(L, AuditEventTypes.InvitationSent,
            """{"invitation":"0193","role":"Member","expiresAt":"2026-12-08T18:03:16.8041503+00:00"}""", LocalTime.Zone("Europe/Brussels"));

        Assert.Equal(expected, text?.Replace('\u202f', ' ').Replace('\u00a0', ' '));
    }
}
