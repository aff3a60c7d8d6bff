using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Mfa;

namespace Portal.Core.Organisations;

public sealed record EnvironmentSummary(Guid Id, string Slug, string Name, string Software);

/// <summary>
/// One of the user's organisations. <see cref="Mfa"/> is the organisation's 2FA requirement (null when
/// it has none) and <see cref="HasAuthenticator"/> tells whether this user meets it.
/// </summary>
public sealed record OrganisationWorkspace(
    Guid Id, string Slug, string Name, OrganisationRole Role, IReadOnlyList<EnvironmentSummary> Environments,
    MfaRequirement? Mfa = null, bool HasAuthenticator = false)
{
    public bool IsAdmin => Role == OrganisationRole.Admin;

    /// <summary>The deadline passed and the user has no authenticator: they must enrol before reaching the organisation.</summary>
    public bool MustEnrol(DateTimeOffset now) => Mfa is { } mfa && !HasAuthenticator && mfa.BlocksWithoutAuthenticator(now);

    /// <summary>The organisation requires 2FA, the user has none yet, and the grace period runs: the countdown banner shows.</summary>
    public bool InMfaGracePeriod(DateTimeOffset now) => Mfa is { } mfa && !HasAuthenticator && !mfa.BlocksWithoutAuthenticator(now);

    public EnvironmentSummary? FindEnvironment(string slug) =>
        Environments.FirstOrDefault(e => string.Equals(e.Slug, slug, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The organisations and environments one user reaches, loaded once per request in a single
/// query: it answers both the tenancy check and the switcher in the top bar.
/// </summary>
public sealed class UserWorkspaces(PortalDbContext db)
{
    /// <summary>
    /// Compiled once: every organisation page runs this query, and building and looking up its LINQ
    /// expression cost more CPU than PostgreSQL spends answering it.
    /// </summary>
    private static readonly Func<PortalDbContext, Guid, IAsyncEnumerable<OrganisationWorkspace>> Query =
        EF.CompileAsyncQuery((PortalDbContext db, Guid userId) => db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.Organisation!.Name)
            .Select(m => new OrganisationWorkspace(
                m.OrganisationId,
                m.Organisation!.Slug,
                m.Organisation.Name,
                m.Role,
                m.Organisation.Environments
                    .OrderBy(e => e.Name)
                    .Select(e => new EnvironmentSummary(e.Id, e.Slug, e.Name, e.Software))
                    .ToList(),
                m.Organisation.RequireMfa && m.Organisation.MfaRequiredSince != null
                    ? new MfaRequirement(m.Organisation.MfaRequiredSince.Value, m.Organisation.MfaGraceDays)
                    : null,
                // A subquery in the same round trip: enforcement needs no query of its own.
                db.Authenticators.Any(a => a.UserId == m.UserId))));

    private IReadOnlyList<OrganisationWorkspace>? _loaded;
    private Guid _loadedFor;

    public async Task<IReadOnlyList<OrganisationWorkspace>> ForUserAsync(Guid userId)
    {
        if (_loaded is not null && _loadedFor == userId)
        {
            return _loaded;
        }

        var workspaces = new List<OrganisationWorkspace>();
        await foreach (var workspace in Query(db, userId))
        {
            workspaces.Add(workspace);
        }

        _loaded = workspaces;
        _loadedFor = userId;
        return _loaded;
    }

    /// <summary>True when the user belongs to organisations and every one of them blocks them until they enrol.</summary>
    public async Task<bool> MustEnrolEverywhereAsync(Guid userId, DateTimeOffset now)
    {
        var all = await ForUserAsync(userId);
        return all.Count > 0 && all.All(o => o.MustEnrol(now));
    }

    /// <summary>The user's workspace in the organisation, or null when they are not a member.</summary>
    public async Task<OrganisationWorkspace?> FindAsync(Guid userId, string organisationSlug) =>
        (await ForUserAsync(userId)).FirstOrDefault(o =>
            string.Equals(o.Slug, organisationSlug, StringComparison.OrdinalIgnoreCase));
}
