using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Accounts;

/// <summary>
/// Identity's UserManager with the lockout handed to <see cref="AttemptLimit"/>. Identity counts a
/// failure after verifying the secret, reading the count and writing the whole user back: parallel
/// guesses then all pass the lockout check, and lose increments. Here the count is only changed by
/// AttemptLimit, which reserves an attempt before any verification (NIST SP 800-63B §5.2.2).
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
    AttemptLimit attempts,
    TimeProvider clock)
    : UserManager<PortalUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>Counting after the verification is the bypass AttemptLimit closes: verify through <see cref="AttemptLimit.VerifyAsync"/>.</summary>
    public override Task<IdentityResult> AccessFailedAsync(PortalUser user) =>
        throw new NotSupportedException("Failed attempts are reserved before verifying: use AttemptLimit.VerifyAsync.");

    /// <summary>The lockout columns are not written by SaveChanges, so Identity's way of setting them would do nothing.</summary>
    public override Task<IdentityResult> SetLockoutEndDateAsync(PortalUser user, DateTimeOffset? lockoutEnd) =>
        throw new NotSupportedException("The lockout is kept by AttemptLimit.");

    public override async Task<IdentityResult> ResetAccessFailedCountAsync(PortalUser user)
    {
        ThrowIfDisposed();
        await attempts.EndWindowAsync(user.Id);
        return IdentityResult.Success;
    }

    /// <summary>
    /// Sets a new password once the person re-authenticated (<see cref="Reauthentication"/>; Identity's
    /// ChangePasswordAsync would verify the current one a second time, outside the limit).
    /// <paramref name="beforeSave"/> adds what commits with it (audit event, notice) once the new
    /// password passed the policy.
    /// </summary>
    public async Task<IdentityResult> ReplaceVerifiedPasswordAsync(PortalUser user, ReauthenticationProof proof, string newPassword, Action beforeSave)
    {
        ThrowIfDisposed();
        proof.EnsureFor(user, clock.GetUtcNow());
        var result = await UpdatePasswordHash(user, newPassword, validatePassword: true);
        if (!result.Succeeded)
        {
            return result;
        }

        beforeSave();
        return await UpdateUserAsync(user);
    }
}
