using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Invitations;

public sealed record PendingInvitation(
    Guid Id, string Email, OrganisationRole Role, string? InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>The organisation's open invitations: listed for its admins, and withdrawn.</summary>
public sealed class PendingInvitations(PortalDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxSearchLength = 100;

    /// <summary>Open invitations (expired ones included, so they can be resent), by address.</summary>
    public Task<List<PendingInvitation>> ListAsync(Guid organisationId, string? search, int max)
    {
        var query = db.Invitations.AsNoTracking()
            .Where(i => i.OrganisationId == organisationId && i.AcceptedAt == null && i.RevokedAt == null);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Contains(search.Trim(), MaxSearchLength);
            query = query.Where(i => EF.Functions.ILike(i.Email, pattern, LikePattern.Escape));
        }

        return query
            .OrderBy(i => i.Email)
            .Take(max)
            .Select(i => new PendingInvitation(
                i.Id, i.Email, i.Role, i.InvitedBy != null ? i.InvitedBy.DisplayName : null, i.CreatedAt, i.ExpiresAt))
            .ToListAsync();
    }

    /// <summary>Withdraws an open invitation; its link stops working. Returns the address, or null when it was no longer open.</summary>
    public async Task<string?> RevokeAsync(Guid organisationId, Guid invitationId, PortalUser actor)
    {
        var email = await db.OpenInvitation(organisationId, invitationId).Select(i => i.Email).SingleOrDefaultAsync();
        if (email is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var updated = await db.OpenInvitation(organisationId, invitationId).ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now));
        if (updated == 0)
        {
            return null;
        }

        audit.Add(AuditEventTypes.InvitationRevoked, actor, organisationId, details: new { invitation = invitationId }).TargetEmail = email;
        await db.SaveChangesAsync();
        return email;
    }
}
