using Portal.Core.Accounts;

namespace Portal.Core.Organisations;

public enum OrganisationRole
{
    Member = 0,
    Admin = 1,
}

/// <summary>User × organisation with a role. A member reaches every environment of the organisation.</summary>
public class Membership
{
    public Guid UserId { get; set; }

    public PortalUser? User { get; set; }

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    public OrganisationRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The member's display name, kept by the database (a trigger on both tables, migration
    /// MemberNameOnMembership) so that an office's members list is read in name order from one
    /// index range instead of sorting every member's user row. Never written by the portal.
    /// </summary>
    public string MemberName { get; private set; } = "";
}
