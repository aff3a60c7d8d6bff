using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Mail;

namespace Portal.Core.Support;

public sealed record SupportStaffResult(bool Succeeded, bool UserCreated, bool AlreadySupport, IReadOnlyList<string> Errors);

/// <summary>
/// Creates or promotes a support agent (the <c>support add</c> command). A new account gets a random
/// password nobody knows: the agent chooses their own through "forgot password", then must enrol 2FA
/// before /support opens.
/// </summary>
public sealed class SupportStaff(UserManager<PortalUser> users, RoleManager<IdentityRole<Guid>> roles, AuditLog audit, TimeProvider clock)
{
    public async Task<SupportStaffResult> AddAsync(string email)
    {
        email = email.Trim();
        if (!EmailAddressRule.IsValid(email))
        {
            return new SupportStaffResult(false, false, false, [$"Not a valid e-mail address: {email}"]);
        }

        if (!await roles.RoleExistsAsync(PlatformRoles.Support))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(PlatformRoles.Support) { Id = Guid.CreateVersion7() });
        }

        var user = await users.FindByEmailAsync(email);
        var created = false;
        if (user is null)
        {
            user = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = email,
                CreatedAt = clock.GetUtcNow(),
            };
            var result = await users.CreateAsync(user, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            if (!result.Succeeded)
            {
                return new SupportStaffResult(false, false, false, result.Errors.Select(e => e.Description).ToList());
            }

            created = true;
        }

        if (await users.IsInRoleAsync(user, PlatformRoles.Support))
        {
            return new SupportStaffResult(true, created, true, []);
        }

        var added = await users.AddToRoleAsync(user, PlatformRoles.Support);
        if (!added.Succeeded)
        {
            return new SupportStaffResult(false, created, false, added.Errors.Select(e => e.Description).ToList());
        }

        await audit.WriteAsync(AuditEventTypes.SupportAgentAdded, null, target: user, actorEmail: "command-line");
        return new SupportStaffResult(true, created, false, []);
    }
}
