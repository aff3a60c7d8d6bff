using Portal.Core.Organisations;

namespace Portal.Core.Mfa;

public enum MfaStanding
{
    /// <summary>The organisation asks nothing.</summary>
    NotRequired,

    /// <summary>Required, and the person's factors meet it.</summary>
    Met,

    /// <summary>Required, not met, deadline ahead: the countdown banner shows.</summary>
    InGrace,

    /// <summary>Required, not met, deadline passed: nothing of the organisation opens until they enrol.</summary>
    Blocking,
}

/// <summary>One organisation's requirement as it applies to one person.</summary>
public sealed record MfaStatus(MfaStanding Standing, MfaRequirement? Requirement)
{
    public static readonly MfaStatus NotRequired = new(MfaStanding.NotRequired, null);

    public bool Blocks => Standing == MfaStanding.Blocking;

    /// <summary>The deadline while the grace period runs; null otherwise.</summary>
    public DateTimeOffset? GraceUntil => Standing == MfaStanding.InGrace ? Requirement!.Deadline : null;
}

/// <summary>
/// Two-factor requirements in one place, for one person across all their memberships: which
/// organisation requires it, which is in its grace period or blocks, and whether the person may
/// remove a factor or turn 2FA off. Built from the facts <see cref="UserWorkspaces"/> loads in its
/// single query (no query of its own), asked by the tenant filter, sign-in, invitation acceptance,
/// the enrolment page and the commands that remove factors. The rule for a change: it may not
/// leave a requirement the person meets unmet (OWASP ASVS 5.0 V6.3.3: MFA enforced where the
/// organisation requires it).
/// </summary>
public sealed class MfaPolicy(PersonFactors factors, IReadOnlyList<OrganisationWorkspace> organisations)
{
    public PersonFactors Factors { get; } = factors;

    /// <summary>True when at least one of the person's organisations requires a second factor.</summary>
    public bool IsRequired => organisations.Any(o => o.Mfa is { Level: not MfaLevel.None });

    public MfaStatus In(Guid organisationId, DateTimeOffset now) =>
        organisations.FirstOrDefault(o => o.Id == organisationId) is { } organisation
            ? StatusOf(organisation.Mfa, now)
            : MfaStatus.NotRequired;

    /// <summary>The organisations that block the person now, in the order of their memberships.</summary>
    public IReadOnlyList<OrganisationWorkspace> BlockingAt(DateTimeOffset now) =>
        organisations.Where(o => StatusOf(o.Mfa, now).Blocks).ToList();

    /// <summary>The person has organisations and every one blocks them: enrolment comes before anything else.</summary>
    public bool BlocksEverywhere(DateTimeOffset now) =>
        organisations.Count > 0 && organisations.All(o => StatusOf(o.Mfa, now).Blocks);

    /// <summary>The organisations that forbid removing one authenticator app (empty: allowed), by name as the memberships are ordered.</summary>
    public IReadOnlyList<string> RefusingRemovalOfAuthenticatorApp => RefusingChangeTo(Factors.WithoutOneAuthenticatorApp());

    /// <summary>The organisations that forbid removing one passkey (empty: allowed).</summary>
    public IReadOnlyList<string> RefusingRemovalOfPasskey => RefusingChangeTo(Factors.WithoutOnePasskey());

    /// <summary>True when an organisation that blocks the person now asks for a passkey: enrolment means adding one.</summary>
    public bool BlockingAskForPasskey(DateTimeOffset now) =>
        BlockingAt(now).Any(o => o.Mfa is { Level: MfaLevel.PhishingResistant });

    /// <summary>The organisations that forbid turning two-factor authentication off (empty: allowed).</summary>
    public IReadOnlyList<string> RefusingTurnOff => RefusingChangeTo(PersonFactors.None);

    private List<string> RefusingChangeTo(PersonFactors after) =>
        organisations
            .Where(o => o.Mfa is { } requirement && Factors.Meet(requirement.Level) && !after.Meet(requirement.Level))
            .Select(o => o.Name)
            .ToList();

    private MfaStatus StatusOf(MfaRequirement? requirement, DateTimeOffset now) => requirement switch
    {
        null or { Level: MfaLevel.None } => MfaStatus.NotRequired,
        _ when Factors.Meet(requirement.Level) => new MfaStatus(MfaStanding.Met, requirement),
        _ when requirement.IsPastDeadline(now) => new MfaStatus(MfaStanding.Blocking, requirement),
        _ => new MfaStatus(MfaStanding.InGrace, requirement),
    };
}
