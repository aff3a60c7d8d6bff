using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Audit;

/// <summary>What one maintenance run did.</summary>
public sealed record AuditRetentionResult(int CreatedPartitions, IReadOnlyList<DateOnly> DroppedMonths, int DeletedEvents);

/// <summary>
/// Keeps the audit log to each office's retention (<see cref="Organisation.AuditRetentionYears"/>,
/// 1–10 years) and its partitions ready for the months ahead. A month is dropped whole once it
/// lies entirely beyond the longest retention of any office: personal events (sign-ins, password
/// changes) belong to no office, are shown in the log of every office the person belongs to, and so
/// are kept as long as the longest retention. An office with a shorter retention has its own
/// events past it deleted, one statement per retention length (at most ten), each reading only the
/// partitions older than its cutoff. Security events are kept for investigation (OWASP ASVS 5.0
/// V16, security logging) but no longer than the office decided (V14, data protection); the 7-year
/// default follows the bookkeeping retention in Belgium and the Netherlands.
/// </summary>
public sealed class AuditRetention(PortalDbContext db, AuditPartitions partitions, TimeProvider clock)
{
    public async Task<AuditRetentionResult> RunAsync()
    {
        var now = clock.GetUtcNow();
        var created = await partitions.EnsureAheadAsync(now);

        var retentions = await db.Organisations.AsNoTracking()
            .Select(o => o.AuditRetentionYears).Distinct().ToListAsync();
        var longest = retentions.Count == 0 ? Organisation.DefaultAuditRetentionYears : retentions.Max();
        var keepFrom = now.AddYears(-Math.Clamp(longest, Organisation.MinAuditRetentionYears, Organisation.MaxAuditRetentionYears));

        var dropped = new List<DateOnly>();
        foreach (var month in await partitions.MonthsAsync())
        {
            var end = new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (end <= keepFrom && await partitions.DropMonthAsync(month))
            {
                dropped.Add(month);
            }
        }

        // Events outside every monthly partition, past the longest retention.
        var deleted = await db.Database.ExecuteSqlAsync(
            $"""DELETE FROM "AuditEvents_default" WHERE "OccurredAt" < {keepFrom}""");
        foreach (var years in retentions.Where(y => y < longest))
        {
            var cutoff = now.AddYears(-years);
            deleted += await db.AuditEvents
                .Where(e => e.OccurredAt < cutoff
                    && db.Organisations.Any(o => o.Id == e.OrganisationId && o.AuditRetentionYears == years))
                .ExecuteDeleteAsync();
        }

        return new AuditRetentionResult(created, dropped, deleted);
    }
}
