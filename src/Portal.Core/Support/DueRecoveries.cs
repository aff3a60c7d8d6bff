using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mfa;
using Portal.Core.Organisations;

namespace Portal.Core.Support;

/// <summary>An applied reset: the person, and the admins of the organisations they belong to, to be told.</summary>
public sealed record CompletedRecovery(PortalUser User, IReadOnlyList<(PortalUser Admin, string OrganisationName)> Admins);

/// <summary>
/// The end of the cooling-off: approved requests whose time has come are applied once (across
/// instances), the reset going through <see cref="TwoFactorRemoval.ResetAsync"/> as an admin reset does.
/// </summary>
public sealed class DueRecoveries(PortalDbContext db, AuditLog audit, TimeProvider clock, TwoFactorRemoval twoFactor, UserManager<PortalUser> users)
{
    /// <summary>
    /// Applies every approved request whose cooling-off is over (or only <paramref name="userId"/>'s,
    /// when the person logs in): the status flips first with a conditional update, so two instances
    /// never apply one request twice; then MFA is reset as an admin reset does.
    /// </summary>
    public async Task<IReadOnlyList<CompletedRecovery>> ApplyAsync(Guid? userId = null)
    {
        var now = clock.GetUtcNow();
        var due = await db.RecoveryRequests.AsNoTracking()
            .Where(r => r.Status == RecoveryStatus.Approved && r.EffectiveAt <= now && (userId == null || r.UserId == userId))
            .Select(r => new { r.Id, r.UserId, Approver = r.SecondApproverId ?? r.FirstApproverId })
            .ToListAsync();
        var completed = new List<CompletedRecovery>();
        foreach (var request in due)
        {
            var claimed = await db.RecoveryRequests
                .Where(r => r.Id == request.Id && r.Status == RecoveryStatus.Approved)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecoveryStatus.Completed));
            if (claimed == 0)
            {
                continue;
            }

            var approver = request.Approver is { } approverId ? await users.FindByIdAsync(approverId.ToString()) : null;
            if (!await twoFactor.ResetAsync(request.UserId, approver))
            {
                continue;
            }

            var user = (await users.FindByIdAsync(request.UserId.ToString()))!;
            await audit.WriteAsync(AuditEventTypes.RecoveryCompleted, approver, target: user, details: new { requestId = request.Id });
            var admins = await db.Memberships.AsNoTracking()
                .Where(m => db.Memberships.Any(own => own.UserId == request.UserId && own.OrganisationId == m.OrganisationId)
                    && m.Role == OrganisationRole.Admin && m.UserId != request.UserId)
                .Select(m => new { m.User, m.Organisation!.Name })
                .ToListAsync();
            completed.Add(new CompletedRecovery(user, admins.Select(a => (a.User!, a.Name)).ToList()));
        }

        return completed;
    }
}
