using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;

namespace Portal.Core.Organisations;

public sealed record OrganisationSettingsValues(string Name, string? RegistryNumber, int InvitationExpiryDays);

/// <summary>The settings an organisation's admins manage: name, company-registry number, invitation expiry.</summary>
public sealed class OrganisationSettings(PortalDbContext db, AuditLog audit)
{
    public Task<OrganisationSettingsValues> GetAsync(Guid organisationId) =>
        db.Organisations.AsNoTracking()
            .Where(o => o.Id == organisationId)
            .Select(o => new OrganisationSettingsValues(o.Name, o.RegistryNumber, o.InvitationExpiryDays))
            .SingleAsync();

    /// <summary>Saves the settings; the audit event names each changed field with its old and new value. False when nothing changed.</summary>
    public async Task<bool> UpdateAsync(Guid organisationId, OrganisationSettingsValues values, PortalUser actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(values.Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.InvitationExpiryDays, Organisation.MinInvitationExpiryDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.InvitationExpiryDays, Organisation.MaxInvitationExpiryDays);

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

        if (changes.Count == 0)
        {
            return false;
        }

        audit.Add(AuditEventTypes.OrganisationSettingsChanged, actor, organisationId, details: changes);
        await db.SaveChangesAsync();
        return true;
    }
}
