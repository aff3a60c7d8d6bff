namespace Portal.Core.Organisations;

/// <summary>An accounting office (or a group of offices).</summary>
public class Organisation
{
    public const int DefaultInvitationExpiryDays = 7;
    public const int MinInvitationExpiryDays = 1;
    public const int MaxInvitationExpiryDays = 30;

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

    public List<OrganisationEnvironment> Environments { get; } = [];

    public List<Membership> Memberships { get; } = [];
}
