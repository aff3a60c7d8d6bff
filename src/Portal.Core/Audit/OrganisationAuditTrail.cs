using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Audit;

/// <summary>What the audit log is narrowed to; From and To are whole days in <see cref="Zone"/> (the viewer's; UTC when null).</summary>
public sealed record AuditFilter(string? Type, string? Person, DateOnly? From, DateOnly? To, TimeZoneInfo? Zone = null)
{
    public static readonly AuditFilter None = new(null, null, null, null);
}

/// <summary>A position in the log, newest first: (OccurredAt, Id), as text for a URL.</summary>
public readonly record struct AuditCursor(DateTimeOffset OccurredAt, long Id)
{
    public static AuditCursor Of(AuditEvent e) => new(e.OccurredAt, e.Id);

    public override string ToString() =>
        OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "." + Id.ToString(CultureInfo.InvariantCulture);

    public static AuditCursor? Parse(string? text)
    {
        var parts = text?.Split('.');
        return parts is [var ticks, var id]
            && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            && t <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? new AuditCursor(new DateTimeOffset(t, TimeSpan.Zero), i)
            : null;
    }
}

/// <summary>One page, newest first, with the cursors of the neighbouring pages (null at either end).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, AuditCursor? Newer, AuditCursor? Older);

/// <summary>
/// An organisation's audit log: its own events plus the personal events (logins, password
/// changes) of its current members, which carry no organisation. Keyset paging on
/// (OccurredAt, Id), never OFFSET, so a page deep in the log costs what the first one costs.
/// </summary>
public sealed class OrganisationAuditTrail(PortalDbContext db)
{
    public const int PageSize = 50;
    public const int MaxPersonLength = 100;

    /// <summary>
    /// One SQL query, a UNION ALL of two halves, each bounded by the page size (<see cref="PageQuery"/>):
    /// the organisation's own events and its members' personal events. The work grows with the number of
    /// members, never with the size of the log. <paramref name="after"/> reads towards newer
    /// events; otherwise the page starts below <paramref name="before"/>.
    /// </summary>
    public async Task<AuditPage> PageAsync(Guid organisationId, AuditFilter filter, AuditCursor? before, AuditCursor? after)
    {
        if (after is { } newerThan)
        {
            var newer = await PageQuery(organisationId, filter, newerThan, newestFirst: false).ToListAsync();
            // Fewer than a page above: that is the top of the log, shown as the first page.
            if (newer.Count > PageSize)
            {
                var events = newer.Take(PageSize).Reverse().ToList();
                return new AuditPage(events, AuditCursor.Of(events[0]), AuditCursor.Of(events[^1]));
            }

            before = null;
        }

        var older = await PageQuery(organisationId, filter, before, newestFirst: true).ToListAsync();
        var page = older.Take(PageSize).ToList();
        return new AuditPage(
            page,
            before is not null && page.Count > 0 ? AuditCursor.Of(page[0]) : null,
            older.Count > PageSize ? AuditCursor.Of(page[^1]) : null);
    }

    /// <summary>Every matching event, newest first, streamed (the CSV export).</summary>
    public IAsyncEnumerable<AuditEvent> AllAsync(Guid organisationId, AuditFilter filter)
    {
        var own = Filter(db.AuditEvents.AsNoTracking().Where(e => e.OrganisationId == organisationId), filter);
        var members = Filter(db.AuditEvents.AsNoTracking().Where(e => e.OrganisationId == null
            && db.Memberships.Any(m => m.OrganisationId == organisationId && m.UserId == e.ActorUserId)), filter);
        return own.Concat(members)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .AsAsyncEnumerable();
    }

    /// <summary>
    /// One page and one more (to know whether there is a next) beyond the cursor, newest or oldest
    /// first, in one statement. The organisation's own events (a CTE) walk the (OrganisationId,
    /// OccurredAt, Id) index of each monthly partition. The members' personal events, which carry no
    /// organisation: for each member a LATERAL subquery takes at most a page from the partial
    /// (ActorUserId, OccurredAt DESC, Id DESC) WHERE OrganisationId IS NULL index of each monthly
    /// partition, then the best page of both halves is kept. The rows themselves, not their ids: an id
    /// alone would be looked up in every partition (the primary key is (Id, OccurredAt)). Raw SQL
    /// because EF turns a correlated Take into ROW_NUMBER() over every user's events. The filters mean
    /// what <see cref="Filter"/> means (<see cref="Conditions(AuditFilter, AuditCursor?, string, List{object?})"/>).
    /// </summary>
    private IQueryable<AuditEvent> PageQuery(Guid organisationId, AuditFilter filter, AuditCursor? cursor, bool newestFirst)
    {
        const int take = PageSize + 1;
        var (order, comparison, bound, last, unbounded) = newestFirst ? ("DESC", "<", ">=", "min", "-infinity") : ("ASC", ">", "<=", "max", "infinity");
        // The organisation's own page gives a bound: a member's event beyond its last one can never
        // be on the page. Bounding the members' probes by it lets PostgreSQL skip the monthly
        // partitions outside the page (run-time partition pruning) instead of probing every month for
        // every member: a large office is 500 members over a year of partitions (docs/benchmarks.md,
        // "At scale"). Taken from the CTE rather than a second walk of the own events, which cost a
        // third expansion of the partitioned table in every plan (docs/benchmarks.md).
        var arguments = new List<object?> { organisationId };
        var conditions = Conditions(filter, cursor, comparison, arguments);
        var sql = $$"""
            WITH own AS MATERIALIZED (
                SELECT o.*
                FROM "AuditEvents" AS o
                WHERE o."OrganisationId" = {0}
                    {{conditions("o")}}
                ORDER BY o."OccurredAt" {{order}}, o."Id" {{order}}
                LIMIT {{take}}
            )
            SELECT * FROM own
            UNION ALL
            SELECT k.*
            FROM "Memberships" AS m
            CROSS JOIN LATERAL (
                SELECT a.*
                FROM "AuditEvents" AS a
                WHERE a."ActorUserId" = m."UserId" AND a."OrganisationId" IS NULL
                    {{conditions("a")}}
                    AND a."OccurredAt" {{bound}} COALESCE(
                        (SELECT {{last}}(p."OccurredAt") FROM own AS p HAVING count(*) = {{take}}), '{{unbounded}}'::timestamptz)
                ORDER BY a."OccurredAt" {{order}}, a."Id" {{order}}
                LIMIT {{take}}
            ) AS k
            WHERE m."OrganisationId" = {0}
            ORDER BY "OccurredAt" {{order}}, "Id" {{order}}
            LIMIT {{take}}
            """;
        return db.AuditEvents.FromSql(FormattableStringFactory.Create(sql, [.. arguments])).AsNoTracking();
    }

    /// <summary>
    /// The filter and the cursor as conditions on the events of an alias, their values appended to
    /// <paramref name="arguments"/> (format items of the statement). Only the conditions that apply
    /// are written: the statement Npgsql prepares then has no "parameter IS NULL OR …" branches, which
    /// a custom plan folds away and a generic plan cannot, and PostgreSQL keeps its generic plan
    /// instead of planning the partitioned query anew for every page (docs/benchmarks.md, "At scale").
    /// </summary>
    private static Func<string, string> Conditions(AuditFilter filter, AuditCursor? cursor, string comparison, List<object?> arguments)
    {
        string Argument(object value)
        {
            arguments.Add(value);
            return "{" + (arguments.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }

        var (type, person, since, until) = Conditions(filter);
        var conditions = new List<Func<string, string>>();
        if (type is not null)
        {
            var value = Argument(type);
            conditions.Add(e => $"""AND {e}."Type" = {value}::text""");
        }

        if (person is not null)
        {
            var value = Argument(person);
            conditions.Add(e => $"""AND ({e}."ActorEmail" ILIKE {value}::text ESCAPE '\' OR {e}."TargetEmail" ILIKE {value}::text ESCAPE '\')""");
        }

        if (since is not null)
        {
            var value = Argument(since);
            conditions.Add(e => $"""AND {e}."OccurredAt" >= {value}::timestamptz""");
        }

        if (until is not null)
        {
            var value = Argument(until);
            conditions.Add(e => $"""AND {e}."OccurredAt" < {value}::timestamptz""");
        }

        if (cursor is { } c)
        {
            var (at, id) = (Argument(c.OccurredAt), Argument(c.Id));
            conditions.Add(e => $"""AND ({e}."OccurredAt", {e}."Id") {comparison} ({at}::timestamptz, {id}::bigint)""");
        }

        return alias => string.Join("\n", conditions.Select(condition => condition(alias)));
    }

    private static IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> events, AuditFilter filter)
    {
        var (type, person, since, until) = Conditions(filter);
        if (type is not null)
        {
            events = events.Where(e => e.Type == type);
        }

        if (person is not null)
        {
            events = events.Where(e => EF.Functions.ILike(e.ActorEmail!, person, LikePattern.Escape)
                || EF.Functions.ILike(e.TargetEmail!, person, LikePattern.Escape));
        }

        if (since is not null)
        {
            events = events.Where(e => e.OccurredAt >= since);
        }

        if (until is not null)
        {
            events = events.Where(e => e.OccurredAt < until);
        }

        return events;
    }

    /// <summary>The filter as query values: exact type, an e-mail "contains" pattern, and a range of the zone's days whose "to" day counts whole.</summary>
    private static (string? Type, string? Person, DateTimeOffset? Since, DateTimeOffset? Until) Conditions(AuditFilter filter) => (
        string.IsNullOrWhiteSpace(filter.Type) ? null : filter.Type,
        string.IsNullOrWhiteSpace(filter.Person) ? null : LikePattern.Contains(filter.Person.Trim(), MaxPersonLength),
        filter.From is { } from ? StartOfDay(from, filter.Zone ?? TimeZoneInfo.Utc) : null,
        filter.To is { } to ? StartOfDay(to.AddDays(1), filter.Zone ?? TimeZoneInfo.Utc) : null);

    /// <summary>The first moment of a day in a zone (in the few zones whose clocks skip midnight, the first hour that exists).</summary>
    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
