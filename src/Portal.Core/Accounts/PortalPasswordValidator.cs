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
        Code = "Password" + problem,
        Description = Describe(problem),
    };

    /// <summary>English text; the web layer translates it by <see cref="IdentityError.Code"/>.</summary>
    public static string Describe(PasswordProblem problem) => problem switch
    {
        PasswordProblem.TooShort => $"Use at least {PasswordPolicy.MinLength} characters. A few unrelated words make a strong, memorable password.",
        PasswordProblem.TooLong => $"Use at most {PasswordPolicy.MaxLength} characters.",
        PasswordProblem.ContainsPersonalDetails => "Don't use your name or e-mail address in your password: they are the first things an attacker tries.",
        PasswordProblem.TooGuessable => "This password is too easy to guess: it is common or follows a well-known pattern. Add a few unrelated words.",
        _ => "",
    };
}
