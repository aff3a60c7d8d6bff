using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Accounts;

/// <summary>
/// Identity's UserManager with an atomic failed-attempt count. Identity reads the count, adds one
/// and writes the whole user back under an optimistic concurrency check: parallel wrong passwords
/// or codes then lose their increments (a lockout bypass) and leave a stale user that makes the
/// next save fail. Here one UPDATE increments, and locks at the limit, in the database
/// (OWASP ASVS 5.0 V6.3.1; NIST SP 800-63B §5.2.2), whatever the number of parallel requests.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PortalUser> passwordHasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators,
    IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PortalUser>> logger,
    PortalDbContext db)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(PortalUser user)
    {
        ThrowIfDisposed();
        var limit = Options.Lockout.MaxFailedAccessAttempts;
        // Identity compares lockouts with the wall clock (IsLockedOutAsync), so the end is set by it too.
        var lockedUntil = DateTimeOffset.UtcNow + Options.Lockout.DefaultLockoutTimeSpan;
        // Both right-hand sides read the row as it was before this UPDATE.
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= limit ? lockedUntil : u.LockoutEnd)
            .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1 >= limit ? 0 : u.AccessFailedCount + 1));
        await RefreshLockoutAsync(user);
        return IdentityResult.Success;
    }

    public override async Task<IdentityResult> ResetAccessFailedCountAsync(PortalUser user)
    {
        ThrowIfDisposed();
        await db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount != 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0));
        await RefreshLockoutAsync(user);
        return IdentityResult.Success;
    }

    /// <summary>Copies the stored count and lockout into the loaded user without marking it changed.</summary>
    private async Task RefreshLockoutAsync(PortalUser user)
    {
        var stored = await db.Users.AsNoTracking()
            .Where(u => u.Id == user.Id)
            .Select(u => new { u.AccessFailedCount, u.LockoutEnd })
            .SingleAsync();
        var entry = db.Entry(user);
        if (entry.State == EntityState.Detached)
        {
            user.AccessFailedCount = stored.AccessFailedCount;
            user.LockoutEnd = stored.LockoutEnd;
            return;
        }

        entry.Property(u => u.AccessFailedCount).OriginalValue = stored.AccessFailedCount;
        entry.Property(u => u.AccessFailedCount).CurrentValue = stored.AccessFailedCount;
        entry.Property(u => u.AccessFailedCount).IsModified = false;
        entry.Property(u => u.LockoutEnd).OriginalValue = stored.LockoutEnd;
        entry.Property(u => u.LockoutEnd).CurrentValue = stored.LockoutEnd;
        entry.Property(u => u.LockoutEnd).IsModified = false;
    }
}
