using Portal.Core.Accounts;

namespace Portal.Core.Support;

public enum RecoveryStatus
{
    Submitted = 0,
    InReview = 1,
    Approved = 2,
    Rejected = 3,
    Cancelled = 4,
    Completed = 5,
}

/// <summary>
/// A person who lost every second factor asks support to reset their two-factor authentication.
/// The request keeps its checklist and decision; its documents are deleted once it is decided.
/// </summary>
public class RecoveryRequest
{
    public const int MaxWhatHappenedLength = 2000;
    public const int MaxPhoneLength = 40;
    public const int MaxNotesLength = 4000;
    public const int MaxReasonLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public PortalUser? User { get; set; }

    public RecoveryStatus Status { get; set; }

    public string WhatHappened { get; set; } = "";

    public string CallbackPhone { get; set; } = "";

    /// <summary>Whether the person was an organisation admin when they asked: then a registry extract and two approvers are needed.</summary>
    public bool IsOrganisationAdmin { get; set; }

    public bool NameMatchesAccount { get; set; }

    public bool SelfieMatchesDocument { get; set; }

    public bool RegistryExtractMatches { get; set; }

    public bool CallbackMade { get; set; }

    public string? Notes { get; set; }

    public Guid? FirstApproverId { get; set; }

    public Guid? SecondApproverId { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>Approval plus the cooling-off: the reset is applied from then on, unless the owner cancelled.</summary>
    public DateTimeOffset? EffectiveAt { get; set; }

    /// <summary>SHA-256 of the token in the e-mailed status link, which also cancels ("this wasn't me").</summary>
    public string CancelTokenHash { get; set; } = "";

    public string? RejectedReason { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<RecoveryDocument> Documents { get; } = [];

    public bool IsOpen => Status is RecoveryStatus.Submitted or RecoveryStatus.InReview or RecoveryStatus.Approved;

    /// <summary>The checks support must tick before approving; the registry extract only for admins.</summary>
    public bool ChecklistComplete =>
        NameMatchesAccount && SelfieMatchesDocument && CallbackMade && (!IsOrganisationAdmin || RegistryExtractMatches);

    public bool NeedsSecondApprover => IsOrganisationAdmin;
}
