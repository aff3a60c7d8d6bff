using System.Collections.Concurrent;

namespace Portal.Core.Mail;

/// <summary>What became of one attempt, as <see cref="OutboxStore"/> records it.</summary>
public sealed record OutboxOutcome(Guid Id, OutboxStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? Error);

/// <summary>
/// Outcomes this instance could not record because the database went away right after the SMTP
/// server accepted (or refused) the message; one per process, recorded before anything else is sent.
/// Without it, the message would be sent a second time once its claim ended.
/// </summary>
public sealed class OutboxOutcomes
{
    private readonly ConcurrentDictionary<Guid, OutboxOutcome> _pending = new();

    public void Keep(OutboxOutcome outcome) => _pending[outcome.Id] = outcome;

    public IReadOnlyList<OutboxOutcome> Pending() => _pending.Values.ToList();

    public void Recorded(Guid id) => _pending.TryRemove(id, out _);
}
