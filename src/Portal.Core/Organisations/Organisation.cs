namespace Portal.Core.Organisations;

/// <summary>An accounting office (or a group of offices).</summary>
public class Organisation
{
    public const int DefaultInvitationExpiryDays = 7;
    public const int MinInvitationExpiryDays = 1;
    public const int MaxInvitationExpiryDays = 30;

    /// <summary>The bookkeeping retention in Belgium and the Netherlands (7 years).</summary>
    public const int DefaultAuditRetentionYears = 7;
    public const int MinAuditRetentionYears = 1;
    public const int MaxAuditRetentionYears = 10;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    /// <summary>The URL segment in <c>/o/{slug}</c>; unique.</summary>
    public string Slug { get; set; } = "";

    /// <summary>Company-registry number: KBO (BE), KvK (NL) or HRB (DE).</summary>
    public string? RegistryNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>How long an invitation link works, in days (1–30).</summary>
    public int InvitationExpiryDays { get; set; } = DefaultInvitationExpiryDays;

    /// <summary>Members must use two-factor authentication (see <see cref="Mfa.MfaRequirement"/>).</summary>
    public bool RequireMfa { get; set; }

    /// <summary>Days members without 2FA keep access after <see cref="RequireMfa"/> was switched on (0–30).</summary>
    public int MfaGraceDays { get; set; } = Mfa.MfaRequirement.DefaultGraceDays;

    /// <summary>When <see cref="RequireMfa"/> was last switched on; null while it is off.</summary>
    public DateTimeOffset? MfaRequiredSince { get; set; }

    /// <summary>Years the organisation's own audit events are kept (1–10; see <see cref="Audit.AuditRetention"/>).</summary>
    public int AuditRetentionYears { get; set; } = DefaultAuditRetentionYears;

    /// <summary>With <see cref="RequireMfa"/>: the second factor must be a passkey (<see cref="Mfa.MfaLevel.PhishingResistant"/>).</summary>
    public bool RequirePasskeys { get; set; }

    public List<OrganisationEnvironment> Environments { get; } = [];

    public List<Membership> Memberships { get; } = [];
}
