using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Core.Mail;

/// <summary>What the transport made of one attempt.</summary>
public enum DeliveryOutcome
{
    Sent,

    /// <summary>A passing fault (SMTP down, timeout, 4xx): try again later.</summary>
    RetryLater,

    /// <summary>The message can never be sent (cannot be built, address refused with 5xx): stop trying.</summary>
    Failed,
}

/// <summary>A message handed to the transport: its envelope and its decrypted parameters.</summary>
public sealed record OutboxDelivery(Guid Id, string MessageId, string Recipient, string? Language, string Template, string Payload, int Attempt);

/// <summary>The transport's verdict, with a short reason for <see cref="OutboxMessage.LastError"/> (never the body).</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null);

/// <summary>The outbox as operators see it (<c>mail status</c>, the health check).</summary>
public sealed record OutboxStatusReport(int Pending, int Sent, int Failed, DateTimeOffset? OldestPending, IReadOnlyList<OutboxMessage> Problems);

/// <summary>
/// The outbox's state changes, each in one place. Sending first claims the oldest due message in a
/// statement of its own (<c>FOR UPDATE SKIP LOCKED</c>, committed): its next attempt moves to the end
/// of a lease (<see cref="OutboxPolicy.ClaimLease"/>), so with several instances each message is taken
/// by one of them. Then it is sent, then the outcome is recorded. Should the database go away between
/// the server accepting the message and that record (a restart, a failover), the outcome is kept in
/// memory (<see cref="OutboxOutcomes"/>) and recorded first thing once the database answers again;
/// the lease keeps every other instance from sending it meanwhile. Only when the sending instance dies
/// too is the message sent again after its lease, with the same Message-ID (at least once, never lost).
/// </summary>
public sealed class OutboxStore(PortalDbContext db, IDataProtectionProvider dataProtection, TimeProvider clock, OutboxOutcomes unrecorded)
{
    private const string Table = "\"MailOutbox\"";

    /// <summary>
    /// Claims the oldest due message, hands it to <paramref name="deliver"/> and records the outcome.
    /// Returns false when nothing was due. A message whose payload cannot be read is marked failed.
    /// </summary>
    public async Task<bool> DeliverNextAsync(Func<OutboxDelivery, CancellationToken, Task<DeliveryResult>> deliver, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var outcome in unrecorded.Pending())
            {
                await RecordAsync(connection, outcome, cancellationToken);
                unrecorded.Recorded(outcome.Id);
            }

            var row = await ClaimAsync(connection, cancellationToken);
            if (row is null)
            {
                return false;
            }

            var result = await AttemptAsync(row, deliver, cancellationToken);
            var attempts = row.Attempts + 1;
            var finished = clock.GetUtcNow();
            var (status, next) = result.Outcome switch
            {
                DeliveryOutcome.Sent => (OutboxStatus.Sent, (DateTimeOffset?)null),
                DeliveryOutcome.RetryLater when finished + OutboxPolicy.RetryDelay(attempts) <= row.GiveUpAt =>
                    (OutboxStatus.Pending, finished + OutboxPolicy.RetryDelay(attempts)),
                _ => (OutboxStatus.Failed, null),
            };
            var recorded = new OutboxOutcome(row.Id, status, attempts, next, status == OutboxStatus.Sent ? finished : null, Truncate(result.Error));
            try
            {
                await RecordAsync(connection, recorded, CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                unrecorded.Keep(recorded);
                throw;
            }

            LastOutcome = (row.Id, row.Template, status, result.Error);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<OutboxMessage?> ClaimAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The last error is cleared with the claim, so a claimed message is never mistaken for one
        // waiting for its retry (RetryWaitingNowAsync); the attempt writes its own.
        await using var claim = new NpgsqlCommand(
            $"""
            UPDATE {Table} SET "NextAttemptAt" = @lease, "LastError" = NULL
            WHERE "Id" = (
                SELECT "Id" FROM {Table}
                WHERE "Status" = 0 AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= @now)
                ORDER BY "CreatedAt"
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id", "MessageId", "Recipient", "Language", "Template", "ProtectedPayload", "Attempts", "GiveUpAt"
            """, connection);
        claim.Parameters.AddWithValue("now", now);
        claim.Parameters.AddWithValue("lease", now + OutboxPolicy.ClaimLease);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OutboxMessage
            {
                Id = reader.GetGuid(0),
                MessageId = reader.GetString(1),
                Recipient = reader.GetString(2),
                Language = reader.IsDBNull(3) ? null : reader.GetString(3),
                Template = reader.GetString(4),
                ProtectedPayload = reader.IsDBNull(5) ? null : reader.GetString(5),
                Attempts = reader.GetInt32(6),
                GiveUpAt = reader.GetFieldValue<DateTimeOffset>(7),
            }
            : null;
    }

    private static async Task RecordAsync(NpgsqlConnection connection, OutboxOutcome outcome, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            $"""
            UPDATE {Table} SET "Status" = @status, "Attempts" = @attempts, "NextAttemptAt" = @next,
                "SentAt" = @sent, "LastError" = @error
            WHERE "Id" = @id AND "Status" = 0
            """, connection);
        update.Parameters.AddWithValue("status", (int)outcome.Status);
        update.Parameters.AddWithValue("attempts", outcome.Attempts);
        update.Parameters.AddWithValue("next", (object?)outcome.NextAttemptAt ?? DBNull.Value);
        update.Parameters.AddWithValue("sent", (object?)outcome.SentAt ?? DBNull.Value);
        update.Parameters.AddWithValue("error", (object?)outcome.Error ?? DBNull.Value);
        update.Parameters.AddWithValue("id", outcome.Id);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The last message <see cref="DeliverNextAsync"/> handled, for the sender's log line.</summary>
    public (Guid Id, string Template, OutboxStatus Status, string? Error)? LastOutcome { get; private set; }

    private async Task<DeliveryResult> AttemptAsync(OutboxMessage row, Func<OutboxDelivery, CancellationToken, Task<DeliveryResult>> deliver, CancellationToken cancellationToken)
    {
        string payload;
        try
        {
            payload = row.ProtectedPayload is null
                ? throw new InvalidOperationException("The message has no payload.")
                : MailOutbox.Protector(dataProtection).Unprotect(row.ProtectedPayload);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or InvalidOperationException or FormatException)
        {
            return new DeliveryResult(DeliveryOutcome.Failed, "The message cannot be read: " + ex.GetType().Name);
        }

        return await deliver(new OutboxDelivery(row.Id, row.MessageId, row.Recipient, row.Language, row.Template, payload, row.Attempts + 1), cancellationToken);
    }

    /// <summary>At start: what waits for a retry is tried at once (a deploy or a crash may have been the reason it failed).</summary>
    public Task<int> RetryWaitingNowAsync(CancellationToken cancellationToken = default) =>
        db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt != null && m.LastError != null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);

    /// <summary>Drops what sent messages said (links, names) once they are old enough; their metadata stays.</summary>
    public Task<int> PurgeSentBodiesAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - OutboxPolicy.KeepSentBodies;
        return db.OutboxMessages.Where(m => m.Status == OutboxStatus.Sent && m.SentAt < cutoff && m.ProtectedPayload != null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProtectedPayload, (string?)null), cancellationToken);
    }

    /// <summary>Puts a failed (or waiting) message back in line, with a new 24-hour budget. False when there is no such message or it was sent.</summary>
    public async Task<bool> RetryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var giveUpAt = clock.GetUtcNow() + OutboxPolicy.GiveUpAfter;
        return await db.OutboxMessages.Where(m => m.Id == id && m.Status != OutboxStatus.Sent && m.ProtectedPayload != null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.GiveUpAt, giveUpAt), cancellationToken) == 1;
    }

    public async Task<DateTimeOffset?> OldestPendingAsync(CancellationToken cancellationToken = default) =>
        await db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending)
            .MinAsync(m => (DateTimeOffset?)m.CreatedAt, cancellationToken);

    public async Task<OutboxStatusReport> StatusAsync(int problems = 20, CancellationToken cancellationToken = default)
    {
        var counts = await db.OutboxMessages.AsNoTracking().GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var failing = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Failed || (m.Status == OutboxStatus.Pending && m.Attempts > 0))
            .OrderByDescending(m => m.CreatedAt)
            .Take(problems)
            .Select(m => new OutboxMessage
            {
                Id = m.Id,
                Template = m.Template,
                Recipient = m.Recipient,
                Status = m.Status,
                Attempts = m.Attempts,
                CreatedAt = m.CreatedAt,
                NextAttemptAt = m.NextAttemptAt,
                LastError = m.LastError,
            })
            .ToListAsync(cancellationToken);
        return new OutboxStatusReport(
            counts.GetValueOrDefault(OutboxStatus.Pending),
            counts.GetValueOrDefault(OutboxStatus.Sent),
            counts.GetValueOrDefault(OutboxStatus.Failed),
            await OldestPendingAsync(cancellationToken),
            failing);
    }

    private static string? Truncate(string? error) => error is { Length: > 500 } ? error[..500] : error;
}
