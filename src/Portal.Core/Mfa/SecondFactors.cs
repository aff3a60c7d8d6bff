using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Mfa;

/// <summary>
/// Whether a person has a second factor at all, an authenticator app or a passkey, in one query:
/// the question sign-in asks after the password (a second step follows) and the pages that need a
/// factor first (backup codes, the support console).
/// </summary>
public sealed class SecondFactors(PortalDbContext db)
{
    public Task<bool> HasAnyAsync(Guid userId) =>
        db.Users.Where(u => u.Id == userId)
            .Select(u => db.Authenticators.Any(a => a.UserId == u.Id) || db.UserPasskeys.Any(p => p.UserId == u.Id))
            .SingleOrDefaultAsync();

    /// <summary>True when the person has an authenticator app (the code field of the second step needs one).</summary>
    public Task<bool> HasAuthenticatorAppAsync(Guid userId) => db.Authenticators.AnyAsync(a => a.UserId == userId);
}
