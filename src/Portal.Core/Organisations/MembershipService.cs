using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Security;

namespace Portal.Core.Organisations;

public sealed record MemberRow(
    Guid UserId,
    string DisplayName,
    string Email,
    OrganisationRole Role,
    bool HasAuthenticatorApp,
    bool HasPasskey,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset JoinedAt)
{
    public bool TwoFactorEnabled => HasAuthenticatorApp || HasPasskey;
}

public sealed record MemberPage(IReadOnlyList<MemberRow> Members, int TotalCount, int PageNumber, int PageSize)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    /// <summary>The position of the first member shown, counted from 1 (0 when there is none).</summary>
    public int First => Members.Count == 0 ? 0 : ((PageNumber - 1) * PageSize) + 1;

    public int Last => First == 0 ? 0 : First + Members.Count - 1;
}

/// <summary>The columns the members list sorts by: a closed list, so nothing from the address reaches ORDER BY.</summary>
public enum MemberSort
{
    Name,
    Role,

    /// <summary>By strength of the second factor: none, an app, a passkey, both.</summary>
    TwoFactor,

    /// <summary>Oldest first, "never" before any date.</summary>
    LastLogin,
}

public enum MembershipChangeStatus
{
    Changed,
    Unchanged,
    NotFound,

    /// <summary>Refused: the organisation would be left without an admin.</summary>
    LastAdmin,
}

public sealed record MembershipChange(MembershipChangeStatus Status, PortalUser? Member = null);

/// <summary>
/// An organisation's members: the list, role changes and removal. An organisation always keeps at
/// least one admin (design.md). Every call takes the organisation id that tenancy resolved, so a
/// user id posted from another office matches nothing. Removal ends access at once without
/// touching the login: tenancy re-reads memberships on every request. Only an admin of the
/// organisation may change or remove its members (<see cref="ActorRights"/>).
/// </summary>
public sealed class MembershipService(PortalDbContext db, AuditLog audit, ActorRights rights)
{
    public const int PageSize = 50;
    public const int MaxSearchLength = 100;

    /// <summary>
    /// One page of members in the chosen order (then by name, e-mail and id, so pages are stable),
    /// searchable by name or e-mail. By name, the page is read in order from the index on the
    /// membership's copy of the name (<see cref="Membership.MemberName"/>): 50 rows, not every
    /// member's user row sorted. The total comes with the page, as a subquery of the same
    /// statement: one round trip. Only a page number past the end (an old link after members left)
    /// costs a second one, for the last page.
    /// </summary>
    public async Task<MemberPage> SearchAsync(
        Guid organisationId, string? search, int pageNumber, MemberSort sort = MemberSort.Name, bool descending = false)
    {
        var query = db.Memberships.AsNoTracking().Where(m => m.OrganisationId == organisationId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Contains(search.Trim(), MaxSearchLength);
            query = query.Where(m => EF.Functions.ILike(m.User!.DisplayName, pattern, LikePattern.Escape)
                || EF.Functions.ILike(m.User.Email!, pattern, LikePattern.Escape));
        }

        pageNumber = Math.Max(1, pageNumber);
        var (members, total) = await PageAsync(pageNumber);
        if (members.Count == 0 && pageNumber > 1)
        {
            total = await query.CountAsync();
            pageNumber = Math.Max(1, (total + PageSize - 1) / PageSize);
            (members, total) = await PageAsync(pageNumber);
        }

        return new MemberPage(members, total, pageNumber, PageSize);

        async Task<(List<MemberRow> Members, int Total)> PageAsync(int number)
        {
            var rows = await Sorted(query, sort, descending)
                .ThenBy(m => m.MemberName).ThenBy(m => m.User!.Email).ThenBy(m => m.UserId)
                .Skip((number - 1) * PageSize)
                .Take(PageSize)
                .Select(m => new
                {
                    Row = new MemberRow(
                        m.UserId, m.User!.DisplayName, m.User.Email!, m.Role,
                        db.Authenticators.Any(a => a.UserId == m.UserId), db.UserPasskeys.Any(p => p.UserId == m.UserId),
                        m.User.LastLoginAt, m.CreatedAt),
                    Total = query.Count(),
                })
                .ToListAsync();
            return (rows.Select(r => r.Row).ToList(), rows.Count == 0 ? 0 : rows[0].Total);
        }
    }

    private IOrderedQueryable<Membership> Sorted(IQueryable<Membership> query, MemberSort sort, bool descending)
    {
        return sort switch
        {
            MemberSort.Role => By(m => m.Role == OrganisationRole.Admin ? 0 : 1),
            MemberSort.TwoFactor => By(m => (db.Authenticators.Any(a => a.UserId == m.UserId) ? 1 : 0) + (db.UserPasskeys.Any(p => p.UserId == m.UserId) ? 2 : 0)),
            MemberSort.LastLogin => descending
                ? query.OrderBy(m => m.User!.LastLoginAt == null).ThenByDescending(m => m.User!.LastLoginAt)
                : query.OrderBy(m => m.User!.LastLoginAt != null).ThenBy(m => m.User!.LastLoginAt),
            _ => descending ? query.OrderByDescending(m => m.MemberName) : query.OrderBy(m => m.MemberName),
        };

        IOrderedQueryable<Membership> By(System.Linq.Expressions.Expression<Func<Membership, int>> rank) =>
            descending ? query.OrderByDescending(rank) : query.OrderBy(rank);
    }

    public Task<MembershipChange> ChangeRoleAsync(Guid organisationId, Guid userId, OrganisationRole role, PortalUser actor)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(Enum.IsDefined(role), true, nameof(role));
        return ChangeAsync(organisationId, userId, role, actor);
    }

    /// <summary>Ends the person's membership; their login and other memberships stay.</summary>
    public Task<MembershipChange> RemoveAsync(Guid organisationId, Guid userId, PortalUser actor) =>
        ChangeAsync(organisationId, userId, null, actor);

    /// <summary>
    /// Changes a role (or removes, when <paramref name="role"/> is null) under a lock on the
    /// organisation's row: two admins demoting each other at the same moment would otherwise each
    /// see the other still admin, and leave the office with none.
    /// </summary>
    private async Task<MembershipChange> ChangeAsync(Guid organisationId, Guid userId, OrganisationRole? role, PortalUser actor)
    {
        await rights.DemandOrganisationAdminAsync(actor, organisationId);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Organisations\" WHERE \"Id\" = {organisationId} FOR UPDATE");
            var membership = await db.Memberships.Include(m => m.User)
                .SingleOrDefaultAsync(m => m.OrganisationId == organisationId && m.UserId == userId);
            if (membership is null)
            {
                return new MembershipChange(MembershipChangeStatus.NotFound);
            }

            if (membership.Role == role)
            {
                return new MembershipChange(MembershipChangeStatus.Unchanged, membership.User);
            }

            if (membership.Role == OrganisationRole.Admin
                && await db.Memberships.CountAsync(m => m.OrganisationId == organisationId && m.Role == OrganisationRole.Admin) <= 1)
            {
                return new MembershipChange(MembershipChangeStatus.LastAdmin, membership.User);
            }

            if (role is { } newRole)
            {
                audit.Add(AuditEventTypes.MemberRoleChanged, actor, organisationId, membership.User,
                    new { from = membership.Role.ToString(), to = newRole.ToString() });
                membership.Role = newRole;
            }
            else
            {
                audit.Add(AuditEventTypes.MemberRemoved, actor, organisationId, membership.User,
                    new { role = membership.Role.ToString() });
                db.Memberships.Remove(membership);
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return new MembershipChange(MembershipChangeStatus.Changed, membership.User);
        });
    }
}
