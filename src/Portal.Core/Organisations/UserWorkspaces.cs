using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Organisations;

public sealed record EnvironmentSummary(Guid Id, string Slug, string Name, string Software);

public sealed record OrganisationWorkspace(
    Guid Id, string Slug, string Name, OrganisationRole Role, IReadOnlyList<EnvironmentSummary> Environments)
{
    public bool IsAdmin => Role == OrganisationRole.Admin;

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
                    .ToList())));

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

    /// <summary>The user's workspace in the organisation, or null when they are not a member.</summary>
    public async Task<OrganisationWorkspace?> FindAsync(Guid userId, string organisationSlug) =>
        (await ForUserAsync(userId)).FirstOrDefault(o =>
            string.Equals(o.Slug, organisationSlug, StringComparison.OrdinalIgnoreCase));
}
