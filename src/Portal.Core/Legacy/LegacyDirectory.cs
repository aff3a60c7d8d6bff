using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Legacy;

public sealed record LegacyAccountRow(
    string Username, string Environment, OrganisationRole Role, LegacyAccountStatus Status, DateTimeOffset? MigratedAt, string? MigratedToEmail);

/// <summary>An organisation's old usernames and whether each has moved to an e-mail login, for its admins.</summary>
public sealed class LegacyDirectory(PortalDbContext db)
{
    public const int MaxShown = 200;

    public Task<List<LegacyAccountRow>> ForOrganisationAsync(Guid organisationId) =>
        db.LegacyAccounts.AsNoTracking()
            .Where(a => a.OrganisationId == organisationId)
            .OrderBy(a => a.Status).ThenBy(a => a.Username)
            .Take(MaxShown)
            .Select(a => new LegacyAccountRow(
                a.Username,
                a.Environment!.Name,
                a.Role,
                a.Status,
                a.MigratedAt,
                db.Users.Where(u => u.Id == a.MigratedToUserId).Select(u => u.Email).FirstOrDefault()))
            .ToListAsync();
}
