using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Invitations;

/// <summary>The queries that sending and withdrawing invitations share.</summary>
internal static class InvitationQueries
{
    /// <summary>The invitation, while it is neither accepted nor withdrawn (expired ones included).</summary>
    public static IQueryable<Invitation> OpenInvitation(this PortalDbContext db, Guid organisationId, Guid invitationId) =>
        db.Invitations.Where(i => i.Id == invitationId && i.OrganisationId == organisationId && i.AcceptedAt == null && i.RevokedAt == null);

    public static Task<int> InvitationExpiryDaysAsync(this PortalDbContext db, Guid organisationId) =>
        db.Organisations.Where(o => o.Id == organisationId).Select(o => o.InvitationExpiryDays).SingleAsync();
}
