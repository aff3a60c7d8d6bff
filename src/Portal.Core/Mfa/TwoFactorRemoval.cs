using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Mfa;

/// <summary>Turning 2FA off: done, or refused by the organisations that require it (<see cref="MfaPolicy.RefusingTurnOff"/>).</summary>
public sealed record TurnOffResult(IReadOnlyList<string> RequiredBy)
{
    public bool Done => RequiredBy.Count == 0;
}

/// <summary>
/// Removing every second factor of a person, which turns two-factor authentication off: by the
/// person (<see cref="TurnOffAsync"/>) or for them by an admin or support agent (<see cref="ResetAsync"/>).
/// </summary>
public sealed class TwoFactorRemoval(PortalDbContext db, UserManager<PortalUser> users, SecurityChanges changes, UserWorkspaces workspaces, TimeProvider clock)
{
    /// <summary>
    /// "Turn off two-factor authentication" by the person, after re-authentication: apps, passkeys
    /// and backup codes go; keeps their current session. Refused while one of their organisations requires it (enforced MFA).
    /// </summary>
    public async Task<TurnOffResult> TurnOffAsync(PortalUser user, ReauthenticationProof proof, Guid? keepSession)
    {
        proof.EnsureFor(user, clock.GetUtcNow());
        var refusedBy = (await workspaces.MfaPolicyAsync(user.Id)).RefusingTurnOff;
        if (refusedBy.Count > 0)
        {
            return new TurnOffResult(refusedBy);
        }

        await db.InTransactionAsync(async () =>
        {
            await RemoveSecondFactorsAsync(user);
            await db.UserPasskeys.Where(p => p.UserId == user.Id).ExecuteDeleteAsync();
            await changes.RecordAsync(user, AuditEventTypes.TwoFactorDisabled, keepSession, notice: new TwoFactorTurnedOffNotice());
        });
        return new TurnOffResult([]);
    }

    /// <summary>
    /// Resets a person's MFA for someone who lost every second factor: removes their authenticators,
    /// passkeys, backup codes and outstanding e-mail codes, forgets every remembered device (new security stamp)
    /// and ends ALL their sessions. The verified backup e-mail stays. Audited with the actor and the
    /// organisation, if any. Deciding who may reset whom is the caller's job. False when there is no such user.
    /// </summary>
    public async Task<bool> ResetAsync(Guid userId, PortalUser? actor = null, Guid? organisationId = null)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return false;
        }

        await db.InTransactionAsync(async () =>
        {
            await RemoveSecondFactorsAsync(user);
            // Passkeys too: whoever lost every second factor may well have lost the device that holds them.
            await db.UserPasskeys.Where(p => p.UserId == user.Id).ExecuteDeleteAsync();
            await changes.RecordAsync(user, AuditEventTypes.TwoFactorReset, keepSession: null, actor: actor, organisationId: organisationId);
        });
        return true;
    }

    /// <summary>Deletes every second factor and clears Identity's flag; the caller saves the user in its transaction.</summary>
    internal async Task RemoveSecondFactorsAsync(PortalUser user)
    {
        await db.Authenticators.Where(a => a.UserId == user.Id).ExecuteDeleteAsync();
        await db.BackupCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync();
        await db.EmailLoginCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync();
        user.TwoFactorEnabled = false;
    }
}
