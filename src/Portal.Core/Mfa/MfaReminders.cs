using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Mfa;

/// <summary>
/// The people an organisation's 2FA requirement concerns: who does not meet it yet (to e-mail
/// and remind) and who administers it. What the requirement means for one person is <see cref="MfaPolicy"/>;
/// this is the same rule (<see cref="PersonFactors.Meet"/>) as one query over a whole organisation.
/// </summary>
public sealed class MfaReminders(PortalDbContext db, AuditLog audit)
{
    /// <summary>Members of the organisation whose factors do not meet its requirement (everyone without a second factor when it has none).</summary>
    public async Task<List<PortalUser>> MembersNotMeetingAsync(Guid organisationId)
    {
        var passkeysRequired = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.RequireMfa && o.RequirePasskeys).SingleAsync();
        var members = db.Memberships.AsNoTracking().Where(m => m.OrganisationId == organisationId);
        members = passkeysRequired
            ? members.Where(m => !db.UserPasskeys.Any(p => p.UserId == m.UserId))
            : members.Where(m => !db.Authenticators.Any(a => a.UserId == m.UserId) && !db.UserPasskeys.Any(p => p.UserId == m.UserId));
        return await members.Select(m => m.User!).OrderBy(u => u.Email).ToListAsync();
    }

    public Task<List<PortalUser>> AdminsAsync(Guid organisationId) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.Role == OrganisationRole.Admin)
            .Select(m => m.User!)
            .OrderBy(u => u.Email)
            .ToListAsync();

    /// <summary>Records a reminder to the members without 2FA; returns them, for the e-mails. Empty when everyone has 2FA.</summary>
    public async Task<List<PortalUser>> RemindAsync(Guid organisationId, PortalUser actor)
    {
        var members = await MembersNotMeetingAsync(organisationId);
        if (members.Count > 0)
        {
            await audit.WriteAsync(AuditEventTypes.MfaReminderSent, actor, organisationId, details: new { count = members.Count });
        }

        return members;
    }
}
