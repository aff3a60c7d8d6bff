using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Core.Accounts;

/// <summary>
/// Tokens for e-mailed links (password reset): encrypted and authenticated by Data Protection,
/// bound to the user, the purpose and the security stamp — so any password change makes every
/// outstanding link die, which makes each link single use — and valid for <see cref="Lifespan"/>
/// by the injected clock (Identity's own provider reads the wall clock, so its expiry cannot be tested).
/// OWASP ASVS 5.0 V6.4.1: reset links are random, time-limited and single use.
/// </summary>
public sealed class ExpiringTokenProvider(IDataProtectionProvider dataProtection, TimeProvider clock)
    : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string Name = "PortalExpiring";

    public static readonly TimeSpan Lifespan = TimeSpan.FromHours(1);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Portal.Accounts.ExpiringToken.v1");

    public async Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(user.Id.ToString());
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user));
        }

        return WebEncoders.Base64UrlEncode(_protector.Protect(stream.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))));
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var userId = reader.ReadString();
            var tokenPurpose = reader.ReadString();
            var stamp = reader.ReadString();
            return clock.GetUtcNow() - created <= Lifespan
                && created <= clock.GetUtcNow()
                && userId == user.Id.ToString()
                && tokenPurpose == purpose
                && stamp == await manager.GetSecurityStampAsync(user);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or EndOfStreamException or IOException)
        {
            return false;
        }
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(false);
}
