using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;
using Portal.Core.Security;

namespace Portal.Core.Mfa;

public enum AdminMfaResetStatus
{
    Allowed,
    NotAMember,

    /// <summary>Admins reset their own 2FA on their security page, with their own second factor.</summary>
    Self,

    /// <summary>The member also belongs to an organisation the admin does not administer: only support may reset.</summary>
    OtherOrganisation,
}

/// <summary>The outcome of a reset; <see cref="AdminsToNotify"/> is every admin of the organisation when the member was one of them.</summary>
public sealed record AdminMfaResetResult(AdminMfaResetStatus Status, PortalUser? Member = null, IReadOnlyList<PortalUser>? AdminsToNotify = null);

/// <summary>
/// An admin resets the MFA of a colleague who lost their phone and backup codes. The safeguard
/// (design: security rules): only when the colleague belongs to no organisation in which the admin
/// is not an admin — otherwise an admin of one office could take over an account that also opens
/// another office. Everything else is <see cref="TwoFactorRemoval.ResetAsync"/>, shared with support.
/// The actor must be an admin of the organisation (<see cref="ActorRights"/>).
/// </summary>
public sealed class AdminMfaReset(PortalDbContext db, TwoFactorRemoval twoFactor, UserManager<PortalUser> users, AuditLog audit, ActorRights rights)
{
    public async Task<AdminMfaResetStatus> CanResetAsync(Guid organisationId, Guid actorId, Guid memberId)
    {
        if (memberId == actorId)
        {
            return AdminMfaResetStatus.Self;
        }

        if (!await db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && m.UserId == memberId))
        {
            return AdminMfaResetStatus.NotAMember;
        }

        var outsideActorsAdministration = await db.Memberships.AnyAsync(m => m.UserId == memberId
            && !db.Memberships.Any(a => a.OrganisationId == m.OrganisationId && a.UserId == actorId && a.Role == OrganisationRole.Admin));
        return outsideActorsAdministration ? AdminMfaResetStatus.OtherOrganisation : AdminMfaResetStatus.Allowed;
    }

    /// <summary>Resets the member's MFA when <see cref="CanResetAsync"/> allows it; a refusal for another organisation is audited.</summary>
    public async Task<AdminMfaResetResult> ResetAsync(Guid organisationId, PortalUser actor, Guid memberId)
    {
        await rights.DemandOrganisationAdminAsync(actor, organisationId);
        var status = await CanResetAsync(organisationId, actor.Id, memberId);
        if (status != AdminMfaResetStatus.Allowed)
        {
            if (status == AdminMfaResetStatus.OtherOrganisation)
            {
                await audit.WriteAsync(AuditEventTypes.AdminMfaResetRefused, actor, organisationId,
                    target: await users.FindByIdAsync(memberId.ToString()), details: new { reason = "other_organisation" });
            }

            return new AdminMfaResetResult(status);
        }

        var memberIsAdmin = await db.Memberships.AnyAsync(m =>
            m.OrganisationId == organisationId && m.UserId == memberId && m.Role == OrganisationRole.Admin);
        await twoFactor.ResetAsync(memberId, actor, organisationId);
        var member = (await users.FindByIdAsync(memberId.ToString()))!;
        IReadOnlyList<PortalUser> admins = memberIsAdmin
            ? await db.Memberships.AsNoTracking()
                .Where(m => m.OrganisationId == organisationId && m.Role == OrganisationRole.Admin && m.UserId != memberId)
                .Select(m => m.User!)
                .ToListAsync()
            : [];
        return new AdminMfaResetResult(AdminMfaResetStatus.Allowed, member, admins);
    }
}
