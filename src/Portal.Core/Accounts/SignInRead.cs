using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Accounts;

/// <summary>A claim as Identity stores it, for the sign-in cookie.</summary>
public sealed record StoredClaim(string? Type, string? Value);

/// <summary>What Identity puts in a person's principal beside the user row: their claims, roles and the roles' claims.</summary>
public sealed record StoredClaims(List<StoredClaim> UserClaims, List<string?> Roles, List<StoredClaim> RoleClaims);

/// <summary>An authenticator's id, name and encrypted secret, to check a code against.</summary>
public sealed record AuthenticatorSecret(Guid Id, string Name, string ProtectedSecret);

/// <summary>
/// The person a sign-in is about, read once: the tracked user row, whether a second factor exists,
/// the claims the sign-in cookie will carry and, for the code step, the authenticators' secrets.
/// </summary>
public sealed record SignInSubject(PortalUser User, bool HasSecondFactor, StoredClaims Claims, List<AuthenticatorSecret> Authenticators);

/// <summary>
/// Reads a sign-in's person in ONE statement (the performance issue's login budget: at most 6 SQL
/// statements for a password login, 5 for the code step), instead of Identity's user lookup, then a
/// second-factor check, then the claims and the roles after the password. The claims are kept for
/// this request, so the principal of the sign-in that follows needs no query of its own
/// (<see cref="ClaimsOfAsync"/>); a sign-in that did not start here (an invitation, a passkey, the
/// stamp check every 30 minutes) reads them when asked.
/// </summary>
public sealed class SignInRead(PortalDbContext db)
{
    private (Guid UserId, StoredClaims Claims)? _kept;

    /// <summary>The person whose normalised e-mail is <paramref name="normalizedEmail"/>, or null.</summary>
    public Task<SignInSubject?> ByEmailAsync(string normalizedEmail) =>
        KeepAsync(ReadAsync(db.Users.Where(u => u.NormalizedEmail == normalizedEmail), withSecrets: false));

    /// <summary>The person with <paramref name="userId"/>; <paramref name="withSecrets"/> also reads the authenticators' secrets.</summary>
    public Task<SignInSubject?> ByIdAsync(Guid userId, bool withSecrets) =>
        KeepAsync(ReadAsync(db.Users.Where(u => u.Id == userId), withSecrets));

    /// <summary>The claims of <paramref name="userId"/>: those read with the person this request, or read now.</summary>
    public async Task<StoredClaims> ClaimsOfAsync(Guid userId)
    {
        if (_kept is { } kept && kept.UserId == userId)
        {
            _kept = null;
            return kept.Claims;
        }

        var subject = await ReadAsync(db.Users.AsNoTracking().Where(u => u.Id == userId), withSecrets: false);
        return subject?.Claims ?? new StoredClaims([], [], []);
    }

    private Task<SignInSubject?> ReadAsync(IQueryable<PortalUser> users, bool withSecrets) =>
        // One row per person: the collections are a handful of rows each (most people have no
        // claims or roles and one or two authenticators), so a single query beats one per collection.
        users
            .Select(u => new SignInSubject(
                u,
                db.Authenticators.Any(a => a.UserId == u.Id) || db.UserPasskeys.Any(p => p.UserId == u.Id),
                new StoredClaims(
                    db.UserClaims.Where(c => c.UserId == u.Id).Select(c => new StoredClaim(c.ClaimType, c.ClaimValue)).ToList(),
                    db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
                    db.RoleClaims.Where(rc => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == rc.RoleId))
                        .Select(rc => new StoredClaim(rc.ClaimType, rc.ClaimValue)).ToList()),
                db.Authenticators.Where(a => a.UserId == u.Id && withSecrets)
                    .Select(a => new AuthenticatorSecret(a.Id, a.Name, a.ProtectedSecret)).ToList()))
            .AsSingleQuery()
            .SingleOrDefaultAsync();

    private async Task<SignInSubject?> KeepAsync(Task<SignInSubject?> read)
    {
        var subject = await read;
        _kept = subject is null ? null : (subject.User.Id, subject.Claims);
        return subject;
    }
}
