using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Organisations;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Admin;

/// <summary>The audit log's monthly partitions, each office's retention and keyset paging across partitions, on real PostgreSQL.</summary>
public sealed class AuditRetentionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Retention_drops_a_month_past_every_offices_retention_whole_and_keeps_the_rest()
    {
        var now = factory.Clock.GetUtcNow();
        var (member, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        // Past the longest retention any office may choose (10 years), and inside the default (7).
        var expired = AuditPartitions.MonthOf(now.AddYears(-11));
        var kept = AuditPartitions.MonthOf(now.AddYears(-6));
        await WithAsync<AuditPartitions>(async p =>
        {
            await p.EnsureMonthAsync(expired);
            await p.EnsureMonthAsync(kept);
        });
        var gone = await SeedAsync(
            Event(office.Id, At(expired, 1)),
            Event(null, At(expired, 2), member.Id));
        var stays = await SeedAsync(
            Event(office.Id, At(kept, 1)),
            Event(null, At(kept, 2), member.Id));

        var result = await WithAsync<AuditRetention, AuditRetentionResult>(r => r.RunAsync());

        Assert.Contains(expired, result.DroppedMonths);
        var months = await WithAsync<AuditPartitions, IReadOnlyList<DateOnly>>(p => p.MonthsAsync());
        Assert.DoesNotContain(expired, months);
        Assert.Contains(kept, months);
        // And this month and the next three are ready.
        Assert.All(Enumerable.Range(0, AuditPartitions.AheadMonths + 1), i => Assert.Contains(AuditPartitions.MonthOf(now).AddMonths(i), months));
        Assert.Empty(await IdsAsync(gone));
        Assert.Equal(stays.Order(), await IdsAsync(stays));
    }

    [Fact]
    public async Task An_office_with_a_shorter_retention_loses_only_its_own_older_events()
    {
        var now = factory.Clock.GetUtcNow();
        var (member, shortOffice) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (_, otherOffice) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        await factory.WithDbAsync(db => db.Organisations.Where(o => o.Id == shortOffice.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.AuditRetentionYears, 1)));
        var twoYearsAgo = now.AddYears(-2);
        await WithAsync<AuditPartitions>(p => p.EnsureMonthAsync(AuditPartitions.MonthOf(twoYearsAgo)));
        var expired = await SeedAsync(Event(shortOffice.Id, twoYearsAgo));
        var kept = await SeedAsync(
            Event(shortOffice.Id, now.AddMonths(-6)),
            Event(otherOffice.Id, twoYearsAgo),
            // A personal event of the short office's member: it belongs to no office.
            Event(null, twoYearsAgo, member.Id));

        var result = await WithAsync<AuditRetention, AuditRetentionResult>(r => r.RunAsync());

        Assert.True(result.DeletedEvents >= 1);
        Assert.Empty(await IdsAsync(expired));
        Assert.Equal(kept.Order(), await IdsAsync(kept));
    }

    [Fact]
    public async Task A_new_month_takes_over_its_events_from_the_default_partition()
    {
        var far = AuditPartitions.MonthOf(factory.Clock.GetUtcNow().AddYears(3));
        var (_, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var ids = await SeedAsync(Event(office.Id, At(far, 3)));
        Assert.Equal([AuditPartitions.DefaultPartition], await PartitionsOfAsync(ids));

        Assert.True(await WithAsync<AuditPartitions, bool>(p => p.EnsureMonthAsync(far)));
        Assert.False(await WithAsync<AuditPartitions, bool>(p => p.EnsureMonthAsync(far)));

        Assert.Equal([AuditPartitions.Name(far)], await PartitionsOfAsync(ids));
    }

    [Fact]
    public async Task Keyset_pages_cross_month_partitions_and_equal_timestamps_with_each_event_once_and_only_the_offices()
    {
        var now = factory.Clock.GetUtcNow();
        var (_, office) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var (_, otherOffice) = await factory.Data.MemberOfNewOrganisationAsync(OrganisationRole.Admin);
        var boundary = AuditPartitions.MonthOf(now.AddMonths(-1));
        var edge = new DateTimeOffset(boundary.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await WithAsync<AuditPartitions>(async p =>
        {
            await p.EnsureMonthAsync(boundary.AddMonths(-1));
            await p.EnsureMonthAsync(boundary);
        });
        var events = new List<AuditEvent>();
        for (var i = 0; i < 180; i++)
        {
            // Groups of 12 share a timestamp; the groups straddle the month boundary (two partitions).
            var at = edge.AddMinutes((i / 12) - 7);
            events.Add(Event(office.Id, at));
            events.Add(Event(otherOffice.Id, at));
        }

        var ids = await SeedAsync([.. events]);
        Assert.Equal(2, (await PartitionsOfAsync(ids)).Count);
        var memberIds = await MemberIdsAsync(office.Id);
        var expected = new List<long>();
        await factory.WithDbAsync(async db => expected = await db.AuditEvents
            .Where(e => e.OrganisationId == office.Id || (e.OrganisationId == null && memberIds.Contains(e.ActorUserId!.Value)))
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => e.Id)
            .ToListAsync());
        Assert.Superset(events.Where(e => e.OrganisationId == office.Id).Select(e => e.Id).ToHashSet(), expected.ToHashSet());

        var seen = new List<long>();
        AuditCursor? before = null;
        var pages = 0;
        do
        {
            var page = await WithAsync<OrganisationAuditTrail, AuditPage>(t => t.PageAsync(office.Id, AuditFilter.None, before, null));
            seen.AddRange(page.Events.Select(e => e.Id));
            before = page.Older;
            pages++;
        }
        while (before is not null && pages < 10);

        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + OrganisationAuditTrail.PageSize - 1) / OrganisationAuditTrail.PageSize, pages);
        Assert.DoesNotContain(seen, id => events.Any(e => e.Id == id && e.OrganisationId == otherOffice.Id));
    }

    private static DateTimeOffset At(DateOnly month, int day) =>
        new(month.ToDateTime(new TimeOnly(12, 0)).AddDays(day), TimeSpan.Zero);

    private static AuditEvent Event(Guid? organisationId, DateTimeOffset at, Guid? actor = null) => new()
    {
        Type = organisationId is null ? AuditEventTypes.LoginSucceeded : AuditEventTypes.ClientUpdated,
        OrganisationId = organisationId,
        ActorUserId = actor,
        ActorEmail = "retention@office.test",
        OccurredAt = at,
    };

    private async Task<List<long>> SeedAsync(params AuditEvent[] events)
    {
        await factory.WithDbAsync(async db =>
        {
            db.AuditEvents.AddRange(events);
            await db.SaveChangesAsync();
        });
        return events.Select(e => e.Id).ToList();
    }

    private async Task<List<Guid>> MemberIdsAsync(Guid organisationId)
    {
        var ids = new List<Guid>();
        await factory.WithDbAsync(async db => ids = await db.Memberships.Where(m => m.OrganisationId == organisationId).Select(m => m.UserId).ToListAsync());
        return ids;
    }

    private async Task<List<long>> IdsAsync(List<long> ids)
    {
        var found = new List<long>();
        await factory.WithDbAsync(async db => found = await db.AuditEvents.Where(e => ids.Contains(e.Id)).Select(e => e.Id).OrderBy(id => id).ToListAsync());
        return found;
    }

    /// <summary>The partitions the events are stored in (PostgreSQL's tableoid).</summary>
    private async Task<List<string>> PartitionsOfAsync(List<long> ids)
    {
        var names = new List<string>();
        await factory.WithDbAsync(async db => names = await db.Database
            .SqlQuery<string>($"""SELECT DISTINCT tableoid::regclass::text AS "Value" FROM "AuditEvents" WHERE "Id" = ANY({ids.ToArray()})""")
            .ToListAsync());
        return names.Select(n => n.Trim('"')).Order(StringComparer.Ordinal).ToList();
    }

    private Task<bool> WithAsync<TService>(Func<TService, Task> work) where TService : notnull =>
        factory.WithServicesAsync(async services =>
        {
            await work(services.GetRequiredService<TService>());
            return true;
        });

    private Task<T> WithAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull =>
        factory.WithServicesAsync(services => work(services.GetRequiredService<TService>()));
}
