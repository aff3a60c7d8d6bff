using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Audit;

/// <summary>
/// The audit log's monthly partitions. <c>AuditEvents</c> is partitioned by range on
/// <c>OccurredAt</c>, one partition per calendar month in UTC (<c>AuditEvents_y2026m12</c>), plus
/// <c>AuditEvents_default</c> for any event outside them, so a write never fails for want of a
/// partition. Partitions are created ahead of time (<see cref="AheadMonths"/>) and an expired month
/// is dropped whole (<see cref="AuditRetention"/>): a DROP TABLE instead of deleting millions of rows.
/// Every change runs in a transaction holding one advisory transaction lock, so instances and the
/// migration never race; a transaction lock ends with the transaction and leaves nothing on the
/// pooled connection.
/// </summary>
public sealed class AuditPartitions(PortalDbContext db)
{
    public const string Table = "AuditEvents";
    public const string DefaultPartition = "AuditEvents_default";

    /// <summary>The current month and the next three always exist.</summary>
    public const int AheadMonths = 3;

    /// <summary>Serialises partition changes across instances (pg_advisory_xact_lock).</summary>
    private const long LockKey = 0x41554449545F5054; // "AUDIT_PT"

    public static string Name(DateOnly month) =>
        string.Create(CultureInfo.InvariantCulture, $"{Table}_y{month.Year:D4}m{month.Month:D2}");

    /// <summary>The month a partition name stands for; null for the default partition or another table.</summary>
    public static DateOnly? MonthOf(string name) =>
        name.Length == Table.Length + 9 && name.StartsWith(Table + "_y", StringComparison.Ordinal) && name[^3] == 'm'
        && int.TryParse(name.AsSpan(Table.Length + 2, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && int.TryParse(name.AsSpan(name.Length - 2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
        && year >= 1 && month is >= 1 and <= 12
            ? new DateOnly(year, month, 1)
            : null;

    public static DateOnly MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    /// <summary>The months that have a partition, oldest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> MonthsAsync()
    {
        var names = await db.Database.SqlQuery<string>($"""
            SELECT c.relname AS "Value"
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '"AuditEvents"'::regclass
            """).ToListAsync();
        return names.Select(MonthOf).OfType<DateOnly>().Order().ToList();
    }

    /// <summary>The partitions of the month of <paramref name="now"/> and the <see cref="AheadMonths"/> after it.</summary>
    public async Task<int> EnsureAheadAsync(DateTimeOffset now)
    {
        var created = 0;
        var month = MonthOf(now);
        for (var i = 0; i <= AheadMonths; i++)
        {
            created += await EnsureMonthAsync(month.AddMonths(i)) ? 1 : 0;
        }

        return created;
    }

    /// <summary>
    /// Creates the month's partition unless it exists; events of that month waiting in the default
    /// partition move into it in the same transaction. True when it was created.
    /// </summary>
    public async Task<bool> EnsureMonthAsync(DateOnly month)
    {
        month = new DateOnly(month.Year, month.Month, 1);
        var name = Name(month);
        var from = Bound(month);
        var to = Bound(month.AddMonths(1));
        return await InLockAsync(async () =>
        {
            if (await ExistsAsync(name))
            {
                return false;
            }

            // Identifiers and bounds come from a DateOnly, never from input.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TABLE "{name}" (LIKE "{Table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
                WITH moved AS (
                    DELETE FROM "{DefaultPartition}" WHERE "OccurredAt" >= '{from}' AND "OccurredAt" < '{to}' RETURNING *)
                INSERT INTO "{name}" SELECT * FROM moved;
                ALTER TABLE "{Table}" ATTACH PARTITION "{name}" FOR VALUES FROM ('{from}') TO ('{to}');
                """);
#pragma warning restore EF1002
            return true;
        });
    }

    /// <summary>Drops the month's partition and every event in it; false when there was none.</summary>
    public Task<bool> DropMonthAsync(DateOnly month) => InLockAsync(async () =>
    {
        var name = Name(month);
        if (!await ExistsAsync(name))
        {
            return false;
        }

#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync($"""DROP TABLE "{name}" """);
#pragma warning restore EF1002
        return true;
    });

    private async Task<bool> ExistsAsync(string name) =>
        await db.Database.SqlQuery<bool>($"""
            SELECT EXISTS (
                SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = '"AuditEvents"'::regclass AND c.relname = {name}) AS "Value"
            """).SingleAsync();

    private async Task<bool> InLockAsync(Func<Task<bool>> work)
    {
        var result = false;
        await db.InTransactionAsync(async () =>
        {
            // Audit writes wait for a partition change only briefly; the change gives way if it must wait longer.
            await db.Database.ExecuteSqlAsync($"SELECT set_config('lock_timeout', '5s', true), pg_advisory_xact_lock({LockKey})");
            result = await work();
        });
        return result;
    }

    private static string Bound(DateOnly month) =>
        month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00";
}
