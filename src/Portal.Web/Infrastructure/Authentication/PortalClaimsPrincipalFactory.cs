using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Accounts;

namespace Portal.Web.Infrastructure.Authentication;

/// <summary>
/// The principal Identity's role-aware factory builds (id, name, e-mail, security stamp, the user's
/// claims, each role and its claims), from <see cref="SignInRead"/>: one query for claims, roles and
/// role claims together, or none at a sign-in that already read the person, where Identity's
/// factory sends one query for the claims, one for the roles and two per role.
/// </summary>
public sealed class PortalClaimsPrincipalFactory(UserManager<PortalUser> users, IOptions<IdentityOptions> options, SignInRead read)
    : UserClaimsPrincipalFactory<PortalUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var types = Options.ClaimsIdentity;
        var id = new ClaimsIdentity(IdentityConstants.ApplicationScheme, types.UserNameClaimType, types.RoleClaimType);
        id.AddClaim(new Claim(types.UserIdClaimType, user.Id.ToString()));
        id.AddClaim(new Claim(types.UserNameClaimType, user.UserName!));
        if (!string.IsNullOrEmpty(user.Email))
        {
            id.AddClaim(new Claim(types.EmailClaimType, user.Email));
        }

        id.AddClaim(new Claim(types.SecurityStampClaimType, user.SecurityStamp ?? ""));
        var stored = await read.ClaimsOfAsync(user.Id);
        id.AddClaims(stored.UserClaims.Select(c => new Claim(c.Type!, c.Value!)));
        foreach (var role in stored.Roles)
        {
            id.AddClaim(new Claim(types.RoleClaimType, role!));
        }

        id.AddClaims(stored.RoleClaims.Select(c => new Claim(c.Type!, c.Value!)));
        return id;
    }
}
