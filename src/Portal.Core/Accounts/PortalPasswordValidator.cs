using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Accounts;

/// <summary>Applies <see cref="PasswordPolicy"/> wherever Identity sets a password.</summary>
public sealed class PortalPasswordValidator : IPasswordValidator<PortalUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        var problem = PasswordPolicy.Check(password ?? "", user.Email, user.DisplayName);
        return Task.FromResult(problem == PasswordProblem.None
            ? IdentityResult.Success
            : IdentityResult.Failed(ToError(problem)));
    }

    public static IdentityError ToError(PasswordProblem problem) => new()
    {
        // The web layer turns the code into a sentence in the person's language (IdentityErrorText).
        Code = "Password" + problem,
        Description = problem.ToString(),
    };
}
