using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Mfa;

namespace Portal.Core.Organisations;

public sealed record EnvironmentSummary(Guid Id, string Slug, string Name, string Software)
{
    /// <summary>The software beside the name, unless the name already says it ("Exact Online" named after its software).</summary>
    public string? SoftwareIfNotInName => Name.Contains(Software, StringComparison.OrdinalIgnoreCase) ? null : Software;
}

/// <summary>One of the user's organisations; <see cref="Mfa"/> is its 2FA requirement (null when it has none).</summary>
public sealed record OrganisationWorkspace(
    Guid Id, string Slug, string Name, OrganisationRole Role, IReadOnlyList<EnvironmentSummary> Environments,
    MfaRequirement? Mfa = null)
{
    public bool IsAdmin => Role == OrganisationRole.Admin;

    public EnvironmentSummary? FindEnvironment(string slug) =>
        Environments.FirstOrDefault(e => string.Equals(e.Slug, slug, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The organisations and environments one user reaches and their <see cref="MfaPolicy"/>, loaded
/// once per request in a single query: it answers the tenancy check, enforced MFA and the switcher
/// in the top bar.
/// </summary>
public sealed class UserWorkspaces(PortalDbContext db)
{
    private sealed record MembershipRow(
        Guid Id, string Slug, string Name, OrganisationRole Role, List<EnvironmentSummary> Environments,
        bool RequireMfa, DateTimeOffset? MfaRequiredSince, int MfaGraceDays, bool RequirePasskeys);

    private sealed record UserRow(int AuthenticatorApps, int Passkeys, List<MembershipRow> Memberships);

    /// <summary>
    /// Compiled once: every organisation page runs this query, and building and looking up its LINQ
    /// expression cost more CPU than PostgreSQL spends answering it. It loads facts only; what they
    /// mean for 2FA is decided by <see cref="MfaPolicy"/>.
    /// </summary>
    private static readonly Func<PortalDbContext, Guid, Task<UserRow?>> Query =
        EF.CompileAsyncQuery((PortalDbContext db, Guid userId) => db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new UserRow(
                // A subquery in the same round trip: enforcement needs no query of its own.
                db.Authenticators.Count(a => a.UserId == u.Id),
                db.UserPasskeys.Count(p => p.UserId == u.Id),
                db.Memberships
                    .Where(m => m.UserId == u.Id)
                    .OrderBy(m => m.Organisation!.Name)
                    .Select(m => new MembershipRow(
                        m.OrganisationId,
                        m.Organisation!.Slug,
                        m.Organisation.Name,
                        m.Role,
                        m.Organisation.Environments
                            .OrderBy(e => e.Name)
                            .Select(e => new EnvironmentSummary(e.Id, e.Slug, e.Name, e.Software))
                            .ToList(),
                        m.Organisation.RequireMfa,
                        m.Organisation.MfaRequiredSince,
                        m.Organisation.MfaGraceDays,
                        m.Organisation.RequirePasskeys))
                    .ToList()))
            .FirstOrDefault());

    private IReadOnlyList<OrganisationWorkspace>? _loaded;
    private MfaPolicy? _policy;
    private Guid _loadedFor;

    public async Task<IReadOnlyList<OrganisationWorkspace>> ForUserAsync(Guid userId)
    {
        await LoadAsync(userId);
        return _loaded!;
    }

    /// <summary>The person's two-factor policy across all their memberships, from the same query.</summary>
    public async Task<MfaPolicy> MfaPolicyAsync(Guid userId)
    {
        await LoadAsync(userId);
        return _policy!;
    }

    /// <summary>The user's workspace in the organisation, or null when they are not a member.</summary>
    public async Task<OrganisationWorkspace?> FindAsync(Guid userId, string organisationSlug) =>
        (await ForUserAsync(userId)).FirstOrDefault(o =>
            string.Equals(o.Slug, organisationSlug, StringComparison.OrdinalIgnoreCase));

    private async Task LoadAsync(Guid userId)
    {
        if (_loaded is not null && _loadedFor == userId)
        {
            return;
        }

        var row = await Query(db, userId);
        var workspaces = (row?.Memberships ?? []).Select(m => new OrganisationWorkspace(
            m.Id, m.Slug, m.Name, m.Role, m.Environments, MfaRequirement.Of(m.RequireMfa, m.MfaRequiredSince, m.MfaGraceDays, m.RequirePasskeys))).ToList();
        _loaded = workspaces;
        _policy = new MfaPolicy(new PersonFactors(row?.AuthenticatorApps ?? 0, row?.Passkeys ?? 0), workspaces);
        _loadedFor = userId;
    }
}
