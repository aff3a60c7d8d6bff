using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Admin;

/// <summary>/o/{org}/admin/audit: what it shows, its filters, keyset paging and the CSV export.</summary>
public sealed class AuditLogTests(QueryCountingFactory factory) : IClassFixture<QueryCountingFactory>
{
    [Fact]
    public async Task Shows_the_offices_events_and_its_members_logins_but_nothing_of_other_offices()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var (outsider, otherOffice) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        await factory.CreatePortalClient().LoginOkAsync(member.Email!);
        await factory.CreatePortalClient().LoginOkAsync(outsider.Email!);
        await SeedAsync(new AuditEvent { Type = AuditEventTypes.ClientCreated, OrganisationId = otherOffice.Id, ActorEmail = "other-office@office.test" });
        await SeedAsync(new AuditEvent { Type = AuditEventTypes.ClientCreated, OrganisationId = office.Id, ActorEmail = "own-office@office.test" });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var rows = Rows(await client.GetPageAsync(AuditPage(office)));

        Assert.Contains((AuditEventTypes.LoginSucceeded, member.Email!), rows);
        Assert.Contains((AuditEventTypes.LoginSucceeded, admin.Email!), rows);
        Assert.Contains((AuditEventTypes.ClientCreated, "own-office@office.test"), rows);
        Assert.DoesNotContain(rows, r => r.Actor == outsider.Email || r.Actor == "other-office@office.test");
    }

    [Fact]
    public async Task Filters_by_type_person_and_date_range_on_the_offices_and_the_members_events()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var outsider = await factory.Data.UserAsync();
        var today = factory.Clock.GetUtcNow();
        await SeedAsync(
            new AuditEvent { Type = AuditEventTypes.MemberRemoved, OrganisationId = office.Id, ActorEmail = "admin-x@office.test", TargetEmail = "bram@office.test", OccurredAt = today.AddDays(-10) },
            new AuditEvent { Type = AuditEventTypes.InvitationSent, OrganisationId = office.Id, ActorEmail = "admin-x@office.test", TargetEmail = "bram@office.test", OccurredAt = today.AddDays(-5) },
            new AuditEvent { Type = AuditEventTypes.InvitationSent, OrganisationId = office.Id, ActorEmail = "admin-x@office.test", TargetEmail = "chloe@office.test", OccurredAt = today.AddDays(-1) },
            new AuditEvent { Type = AuditEventTypes.PasswordChanged, ActorUserId = member.Id, ActorEmail = "bram_member@office.test", OccurredAt = today.AddDays(-4) },
            new AuditEvent { Type = AuditEventTypes.PasswordChanged, ActorUserId = outsider.Id, ActorEmail = "bram.outsider@office.test", OccurredAt = today.AddDays(-4) });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var byType = Rows(await client.GetPageAsync($"{AuditPage(office)}?type={AuditEventTypes.InvitationSent}"));
        var personalByType = Rows(await client.GetPageAsync($"{AuditPage(office)}?type={AuditEventTypes.PasswordChanged}"));
        var byPerson = Rows(await client.GetPageAsync($"{AuditPage(office)}?person=BRAM"));
        var byDate = Rows(await client.GetPageAsync($"{AuditPage(office)}?from={Day(today.AddDays(-6))}&to={Day(today.AddDays(-2))}"));
        var combined = Rows(await client.GetPageAsync($"{AuditPage(office)}?type={AuditEventTypes.MemberRemoved}&person=bram"));
        var literalUnderscore = Rows(await client.GetPageAsync($"{AuditPage(office)}?person=_"));

        Assert.Equal([AuditEventTypes.InvitationSent, AuditEventTypes.InvitationSent], byType.Select(r => r.Type));
        Assert.Equal([(AuditEventTypes.PasswordChanged, "bram_member@office.test")], personalByType);
        Assert.Equal([AuditEventTypes.PasswordChanged, AuditEventTypes.InvitationSent, AuditEventTypes.MemberRemoved], byPerson.Select(r => r.Type));
        Assert.Equal([AuditEventTypes.PasswordChanged, AuditEventTypes.InvitationSent], byDate.Select(r => r.Type));
        Assert.Equal([AuditEventTypes.MemberRemoved], combined.Select(r => r.Type));
        // "_" and "%" are searched for literally, not as wildcards.
        Assert.Equal([(AuditEventTypes.PasswordChanged, "bram_member@office.test")], literalUnderscore);
    }

    [Fact]
    public async Task The_date_filter_takes_whole_days_of_the_viewers_time_zone()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var day = Portal.Web.Infrastructure.Localization.LocalTime.Day(factory.Clock.GetUtcNow().AddDays(-3), TestTime.Brussels);
        var midnight = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), TestTime.Brussels), TimeSpan.Zero);
        await SeedAsync(
            new AuditEvent { Type = AuditEventTypes.ClientCreated, OrganisationId = office.Id, ActorEmail = "just-after-midnight@office.test", OccurredAt = midnight.AddMinutes(30) },
            new AuditEvent { Type = AuditEventTypes.ClientCreated, OrganisationId = office.Id, ActorEmail = "the-evening-before@office.test", OccurredAt = midnight.AddMinutes(-30) });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var iso = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = Rows(await client.GetPageAsync($"{AuditPage(office)}?type={AuditEventTypes.ClientCreated}&from={iso}&to={iso}"));

        // 00:30 in Brussels is still the day before in UTC; 23:30 the evening before is that day in UTC.
        Assert.Equal([(AuditEventTypes.ClientCreated, "just-after-midnight@office.test")], rows);
    }

    [Fact]
    public async Task Keyset_paging_shows_every_event_once_newest_first_in_both_directions_without_offset()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var member = await factory.Data.UserAsync();
        await factory.Data.MemberAsync(member, office);
        var outsider = await factory.Data.UserAsync();
        var start = factory.Clock.GetUtcNow().AddDays(-2);
        var seeded = new List<AuditEvent>();
        for (var i = 0; i < 130; i++)
        {
            // Groups of ten share a timestamp, so the Id must break the ties.
            var at = start.AddMinutes(i / 10);
            seeded.Add(new AuditEvent { Type = AuditEventTypes.ClientUpdated, OrganisationId = office.Id, ActorEmail = "x@office.test", OccurredAt = at });
            if (i % 5 == 0)
            {
                seeded.Add(new AuditEvent { Type = AuditEventTypes.LoginSucceeded, ActorUserId = member.Id, ActorEmail = member.Email, OccurredAt = at });
                seeded.Add(new AuditEvent { Type = AuditEventTypes.LoginSucceeded, ActorUserId = outsider.Id, ActorEmail = outsider.Email, OccurredAt = at });
            }
        }

        await SeedAsync([.. seeded]);
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        var memberIds = new[] { admin.Id, member.Id };
        var expected = new List<long>();
        await factory.WithDbAsync(async db => expected = await db.AuditEvents
            .Where(e => e.OrganisationId == office.Id || (e.OrganisationId == null && memberIds.Contains(e.ActorUserId!.Value)))
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => e.Id)
            .ToListAsync());
        Assert.True(expected.Count > 150);

        factory.Queries.Reset();
        var forward = new List<List<long>>();
        var page = await client.GetPageAsync(AuditPage(office));
        while (true)
        {
            forward.Add(Ids(page));
            if (page.QuerySelector("[data-testid=older]") is not { } older)
            {
                break;
            }

            page = await client.GetPageAsync(older.GetAttribute("href")!);
        }

        var backward = new List<List<long>> { Ids(page) };
        while (page.QuerySelector("[data-testid=newer]") is { } newer)
        {
            page = await client.GetPageAsync(newer.GetAttribute("href")!);
            backward.Insert(0, Ids(page));
        }

        Assert.Equal(expected, forward.SelectMany(p => p));
        Assert.All(forward.SkipLast(1), p => Assert.Equal(50, p.Count));
        Assert.Equal(forward, backward);
        Assert.DoesNotContain(factory.Queries.Commands, c => c.Contains("OFFSET", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Csv_export_is_an_attachment_of_the_filtered_events_with_formulas_neutralised()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        await SeedAsync(
            new AuditEvent { Type = AuditEventTypes.InvitationSent, OrganisationId = office.Id, ActorEmail = "+attacker@office.test", TargetEmail = "=HYPERLINK(\"https://evil.example\",\"Click\")" },
            new AuditEvent { Type = AuditEventTypes.MemberRemoved, OrganisationId = office.Id, ActorEmail = "admin@office.test", TargetEmail = "gone@office.test" });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);
        var page = await client.GetPageAsync($"{AuditPage(office)}?type={AuditEventTypes.InvitationSent}");

        var response = await client.GetAsync(page.QuerySelector("[data-testid=csv]")!.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.StartsWith($"audit-{office.Slug}-", disposition.FileName, StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal("\"occurred_at_utc\",\"type\",\"label\",\"actor\",\"target\",\"client_address\",\"details\"", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains("\"'+attacker@office.test\"", row, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\"", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_read_in_the_admins_language_with_sentences_and_the_filter_lists_labels()
    {
        var (admin, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, "nl")));
        await SeedAsync(new AuditEvent
        {
            Type = AuditEventTypes.MemberRoleChanged,
            OrganisationId = office.Id,
            ActorEmail = "admin-x@office.test",
            TargetEmail = "bram@office.test",
            Details = "{\"from\": \"Member\", \"to\": \"Admin\"}",
        });
        var client = factory.CreatePortalClient();
        await client.LoginOkAsync(admin.Email!);

        var page = await client.GetPageAsync(AuditPage(office));
        var csv = await (await client.GetAsync(page.QuerySelector("[data-testid=csv]")!.GetAttribute("href")!)).Content.ReadAsStringAsync();

        var roleChange = page.QuerySelector($"[data-type='{AuditEventTypes.MemberRoleChanged}']")!;
        Assert.Contains("Rol gewijzigd", roleChange.TextContent);
        Assert.Contains("Nu beheerder, was lid", roleChange.TextContent);
        var login = page.QuerySelector($"[data-type='{AuditEventTypes.LoginSucceeded}']")!;
        Assert.Contains("Aanmelden gelukt", login.TextContent);
        Assert.Contains("Met het wachtwoord", login.TextContent);
        var table = page.QuerySelector("[data-testid=events]")!.TextContent;
        Assert.DoesNotContain("member.role_changed", table);
        Assert.DoesNotContain("method", table);
        var options = page.QuerySelectorAll("#type option").Skip(1).Select(o => o.TextContent).ToList();
        Assert.Contains("Rol gewijzigd", options);
        Assert.DoesNotContain(options, o => o.Contains('.', StringComparison.Ordinal) || o.Contains('_', StringComparison.Ordinal));
        Assert.Contains("\"member.role_changed\",\"Rol gewijzigd\"", csv);
    }

    private static string AuditPage(Organisation office) => $"/o/{office.Slug}/admin/audit";

    /// <summary>The day a moment falls on for the viewer (Europe/Brussels, the default zone), as a date field sends it.</summary>
    private static string Day(DateTimeOffset at) => Portal.Web.Infrastructure.Localization.LocalTime.Day(at, TestTime.Brussels).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<(string Type, string Actor)> Rows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=event]")
            .Select(r => (r.GetAttribute("data-type")!, r.QuerySelector("[data-testid=actor]")!.TextContent))
            .ToList();

    private static List<long> Ids(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=event]").Select(r => long.Parse(r.GetAttribute("data-id")!, CultureInfo.InvariantCulture)).ToList();

    private Task SeedAsync(params AuditEvent[] events) => factory.WithDbAsync(async db =>
    {
        foreach (var auditEvent in events.Where(e => e.OccurredAt == default))
        {
            auditEvent.OccurredAt = factory.Clock.GetUtcNow();
        }

        db.AuditEvents.AddRange(events);
        await db.SaveChangesAsync();
    });
}
