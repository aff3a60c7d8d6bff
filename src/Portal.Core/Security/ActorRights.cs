using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Security;

/// <summary>A Core command was called on behalf of someone who does not hold the right it needs.</summary>
public sealed class ActorNotAllowedException(string message) : Exception(message);

/// <summary>
/// The rights that Core commands demand of the person they act for (the <c>actor</c> each of them
/// takes), checked here and nowhere else. The web filters (TenantPageFilter for office admins,
/// SupportStaffFilter for /support) answer 404 first; this is the second line, so that a page that
/// forgets its filter, a new caller or a background job cannot approve a recovery, open an identity
/// document, change or remove a member or reset someone's MFA (OWASP ASVS 5.0 V8.2.1, V8.3.1:
/// authorization enforced at the service layer, read from the database at the moment of the change).
/// </summary>
public sealed class ActorRights(PortalDbContext db)
{
    /// <summary>Platform support staff: the support console's commands.</summary>
    public async Task DemandSupportAsync(PortalUser actor)
    {
        var role = PlatformRoles.Support.ToUpperInvariant();
        if (!await db.UserRoles.AnyAsync(ur => ur.UserId == actor.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == role)))
        {
            throw new ActorNotAllowedException($"{actor.Id} is not support staff.");
        }
    }

    /// <summary>An admin of <paramref name="organisationId"/>: that office's member and MFA commands.</summary>
    public async Task DemandOrganisationAdminAsync(PortalUser actor, Guid organisationId)
    {
        if (!await db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && m.UserId == actor.Id && m.Role == OrganisationRole.Admin))
        {
            throw new ActorNotAllowedException($"{actor.Id} is not an admin of organisation {organisationId}.");
        }
    }
}
