namespace Portal.Core.Audit;

/// <summary>
/// Who did what to whom, when, from where, in which organisation. Never holds a secret
/// (OWASP ASVS 5.0 V16.2: log security events without sensitive data).
/// </summary>
public class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string Type { get; set; } = "";

    public Guid? ActorUserId { get; set; }

    /// <summary>The actor's e-mail as it was, so the log stays readable after the account changes.</summary>
    public string? ActorEmail { get; set; }

    public Guid? OrganisationId { get; set; }

    public Guid? TargetUserId { get; set; }

    public string? TargetEmail { get; set; }

    public string? ClientAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>Extra facts as a JSON object (jsonb).</summary>
    public string? Details { get; set; }
}
