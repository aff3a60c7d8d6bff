namespace Portal.Core.Mail;

/// <summary>
/// One e-mail in the durable outbox (design.md, "Running it"): written in the same transaction as
/// the change that causes it, sent from there by <see cref="OutboxStore"/>'s claims on any
/// instance. The recipient, template and status are plain for support; what the message says
/// (names, links with tokens) is in <see cref="ProtectedPayload"/>, encrypted with Data Protection
/// and dropped some days after sending (OWASP ASVS 5.0 V14.2: sensitive data not kept longer than needed).
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The Message-ID header, fixed when the row is written, so a resend after a crash is recognisable as the same message.</summary>
    public string MessageId { get; set; } = "";

    public string Recipient { get; set; } = "";

    /// <summary>The recipient's language (nl, fr, de, en) at the time the e-mail was caused.</summary>
    public string? Language { get; set; }

    /// <summary>Which e-mail this is (a template name, never its text).</summary>
    public string Template { get; set; } = "";

    /// <summary>The template's parameters as JSON, encrypted; null once purged after sending.</summary>
    public string? ProtectedPayload { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next attempt is due; null for a new message (due at once).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Until when failures are retried; after that the message is marked failed (reset by <c>mail retry</c>).</summary>
    public DateTimeOffset GiveUpAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The last failure's kind and message from the transport (never the body).</summary>
    public string? LastError { get; set; }
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}
