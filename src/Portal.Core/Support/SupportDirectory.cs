using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Support;

public sealed record SupportMembership(string OrganisationName, string? RegistryNumber, OrganisationRole Role);

/// <summary>What support sees of a person: never a password, TOTP secret or backup code.</summary>
public sealed record SupportPerson(
    Guid Id,
    string DisplayName,
    string Email,
    bool TwoFactorActive,
    IReadOnlyList<SupportMembership> Memberships,
    IReadOnlyList<AuditEvent> RecentEvents);

/// <summary>The console's people search: by e-mail or name, with memberships, 2FA status and recent audit events.</summary>
public sealed class SupportDirectory(PortalDbContext db)
{
    public const int MaxResults = 20;
    public const int RecentEventCount = 5;
    public const int MaxSearchLength = 100;

    public async Task<IReadOnlyList<SupportPerson>> SearchAsync(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return [];
        }

        var pattern = LikePattern.Contains(search.Trim(), MaxSearchLength);
        var people = await db.Users.AsNoTracking()
            .Where(u => EF.Functions.ILike(u.DisplayName, pattern, LikePattern.Escape) || EF.Functions.ILike(u.Email!, pattern, LikePattern.Escape))
            .OrderBy(u => u.Email).Take(MaxResults)
            .Select(u => new { u.Id, u.DisplayName, Email = u.Email ?? "" })
            .ToListAsync();
        var result = new List<SupportPerson>();
        foreach (var person in people)
        {
            result.Add(new SupportPerson(person.Id, person.DisplayName, person.Email,
                await db.Authenticators.AnyAsync(a => a.UserId == person.Id) || await db.UserPasskeys.AnyAsync(p => p.UserId == person.Id),
                await MembershipsAsync(person.Id),
                await db.AuditEvents.AsNoTracking()
                    .Where(e => e.TargetUserId == person.Id || e.ActorUserId == person.Id)
                    .OrderByDescending(e => e.OccurredAt).Take(RecentEventCount).ToListAsync()));
        }

        return result;
    }

    public async Task<IReadOnlyList<SupportMembership>> MembershipsAsync(Guid userId) =>
        await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .OrderBy(m => m.Organisation!.Name)
            .Select(m => new SupportMembership(m.Organisation!.Name, m.Organisation.RegistryNumber, m.Role))
            .ToListAsync();
}
