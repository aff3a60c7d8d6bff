using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mfa;

namespace Portal.Core.Organisations;

public sealed record OrganisationSettingsValues(
    string Name,
    string? RegistryNumber,
    int InvitationExpiryDays,
    bool RequireMfa = false,
    int MfaGraceDays = MfaRequirement.DefaultGraceDays,
    int AuditRetentionYears = Organisation.DefaultAuditRetentionYears,
    bool RequirePasskeys = false);

/// <summary>What a save changed; <see cref="MfaSwitchedOn"/> carries the new requirement (for the e-mails with the deadline).</summary>
public sealed record OrganisationSettingsChange(bool Changed, MfaRequirement? MfaSwitchedOn = null, bool MfaSwitchedOff = false);

/// <summary>The settings an organisation's admins manage: name, company-registry number, invitation expiry, required 2FA, audit log retention.</summary>
public sealed class OrganisationSettings(PortalDbContext db, AuditLog audit, TimeProvider clock)
{
    public Task<OrganisationSettingsValues> GetAsync(Guid organisationId) =>
        db.Organisations.AsNoTracking()
            .Where(o => o.Id == organisationId)
            .Select(o => new OrganisationSettingsValues(o.Name, o.RegistryNumber, o.InvitationExpiryDays, o.RequireMfa, o.MfaGraceDays, o.AuditRetentionYears, o.RequirePasskeys))
            .SingleAsync();

    /// <summary>The organisation's 2FA requirement, or null when it has none.</summary>
    public async Task<MfaRequirement?> MfaRequirementAsync(Guid organisationId)
    {
        var row = await db.Organisations.AsNoTracking()
            .Where(o => o.Id == organisationId)
            .Select(o => new { o.RequireMfa, o.MfaRequiredSince, o.MfaGraceDays, o.RequirePasskeys })
            .SingleAsync();
        return MfaRequirement.Of(row.RequireMfa, row.MfaRequiredSince, row.MfaGraceDays, row.RequirePasskeys);
    }

    /// <summary>
    /// Saves the settings; the audit event names each changed field with its old and new value.
    /// Switching required 2FA on starts the grace period now; switching it on or off is an audit event of its own.
    /// Asking for passkeys where 2FA was already required is a stricter requirement: its grace period
    /// starts now too, and it is announced like switching 2FA on.
    /// </summary>
    public async Task<OrganisationSettingsChange> UpdateAsync(Guid organisationId, OrganisationSettingsValues values, PortalUser actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(values.Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.InvitationExpiryDays, Organisation.MinInvitationExpiryDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.InvitationExpiryDays, Organisation.MaxInvitationExpiryDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.MfaGraceDays, MfaRequirement.MinGraceDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.MfaGraceDays, MfaRequirement.MaxGraceDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.AuditRetentionYears, Organisation.MinAuditRetentionYears);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.AuditRetentionYears, Organisation.MaxAuditRetentionYears);

        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId);
        var name = values.Name.Trim();
        var registryNumber = string.IsNullOrWhiteSpace(values.RegistryNumber) ? null : values.RegistryNumber.Trim();
        var changes = new Dictionary<string, object?>();
        if (organisation.Name != name)
        {
            changes["name"] = new { from = organisation.Name, to = name };
            organisation.Name = name;
        }

        if (organisation.RegistryNumber != registryNumber)
        {
            changes["registryNumber"] = new { from = organisation.RegistryNumber, to = registryNumber };
            organisation.RegistryNumber = registryNumber;
        }

        if (organisation.InvitationExpiryDays != values.InvitationExpiryDays)
        {
            changes["invitationExpiryDays"] = new { from = organisation.InvitationExpiryDays, to = values.InvitationExpiryDays };
            organisation.InvitationExpiryDays = values.InvitationExpiryDays;
        }

        if (organisation.MfaGraceDays != values.MfaGraceDays)
        {
            changes["mfaGraceDays"] = new { from = organisation.MfaGraceDays, to = values.MfaGraceDays };
            organisation.MfaGraceDays = values.MfaGraceDays;
        }

        if (organisation.AuditRetentionYears != values.AuditRetentionYears)
        {
            changes["auditRetentionYears"] = new { from = organisation.AuditRetentionYears, to = values.AuditRetentionYears };
            organisation.AuditRetentionYears = values.AuditRetentionYears;
        }

        MfaRequirement? switchedOn = null;
        var switchedOff = false;
        var passkeys = values.RequireMfa && values.RequirePasskeys;
        if (values.RequireMfa && (!organisation.RequireMfa || (passkeys && !organisation.RequirePasskeys)))
        {
            organisation.RequireMfa = true;
            organisation.RequirePasskeys = passkeys;
            organisation.MfaRequiredSince = clock.GetUtcNow();
            switchedOn = MfaRequirement.Of(true, organisation.MfaRequiredSince, organisation.MfaGraceDays, passkeys)!;
            audit.Add(AuditEventTypes.MfaRequirementSwitchedOn, actor, organisationId,
                details: new { graceDays = switchedOn.GraceDays, deadline = switchedOn.Deadline, passkeys });
        }
        else if (!values.RequireMfa && organisation.RequireMfa)
        {
            organisation.RequireMfa = false;
            organisation.RequirePasskeys = false;
            organisation.MfaRequiredSince = null;
            switchedOff = true;
            audit.Add(AuditEventTypes.MfaRequirementSwitchedOff, actor, organisationId);
        }
        else if (organisation.RequirePasskeys && !passkeys)
        {
            // Still required, any second factor will do again: nobody is blocked who was not before.
            changes["requirePasskeys"] = new { from = true, to = false };
            organisation.RequirePasskeys = false;
        }

        if (changes.Count == 0 && switchedOn is null && !switchedOff)
        {
            return new OrganisationSettingsChange(false);
        }

        if (changes.Count > 0)
        {
            audit.Add(AuditEventTypes.OrganisationSettingsChanged, actor, organisationId, details: changes);
        }

        await db.SaveChangesAsync();
        return new OrganisationSettingsChange(true, switchedOn, switchedOff);
    }
}
