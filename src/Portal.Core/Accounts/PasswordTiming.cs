using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Accounts;

/// <summary>
/// Spends the same PBKDF2 work as checking a real password when there is no account to check,
/// so the response time does not tell whether a login name exists (OWASP ASVS 5.0 V6.3.8).
/// </summary>
public static class PasswordTiming
{
    private static string? _unknownUserHash;

    public static void VerifyAgainstNobody(IPasswordHasher<PortalUser> hasher, string password)
    {
        _unknownUserHash ??= hasher.HashPassword(new PortalUser(), Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(new PortalUser(), _unknownUserHash, password);
    }
}
