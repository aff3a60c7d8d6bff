using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Mfa;

/// <summary>
/// The people an organisation's 2FA requirement concerns: who has no authenticator yet (to e-mail
/// and remind) and who administers it. What the requirement means for one person is <see cref="MfaPolicy"/>.
/// </summary>
public sealed class MfaReminders(PortalDbContext db, AuditLog audit)
{
    /// <summary>Members of the organisation without an active authenticator.</summary>
    public Task<List<PortalUser>> MembersWithoutAuthenticatorAsync(Guid organisationId) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && !db.Authenticators.Any(a => a.UserId == m.UserId))
            .Select(m => m.User!)
            .OrderBy(u => u.Email)
            .ToListAsync();

    public Task<List<PortalUser>> AdminsAsync(Guid organisationId) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.Role == OrganisationRole.Admin)
            .Select(m => m.User!)
            .OrderBy(u => u.Email)
            .ToListAsync();

    /// <summary>Records a reminder to the members without 2FA; returns them, for the e-mails. Empty when everyone has 2FA.</summary>
    public async Task<List<PortalUser>> RemindAsync(Guid organisationId, PortalUser actor)
    {
        var members = await MembersWithoutAuthenticatorAsync(organisationId);
        if (members.Count > 0)
        {
            await audit.WriteAsync(AuditEventTypes.MfaReminderSent, actor, organisationId, details: new { count = members.Count });
        }

        return members;
    }
}
