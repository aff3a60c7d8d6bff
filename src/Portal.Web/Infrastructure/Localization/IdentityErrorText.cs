using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Core.Accounts;

namespace Portal.Web.Infrastructure.Localization;

/// <summary>What a person reads for Identity's error codes (the password policy's among them), in their language.</summary>
public static class IdentityErrorText
{
    public static string For(IStringLocalizer L, IdentityError error) => error.Code switch
    {
        "Password" + nameof(PasswordProblem.TooShort) =>
            L["Use at least {0} characters. A few unrelated words make a strong, memorable password.", PasswordPolicy.MinLength],
        "Password" + nameof(PasswordProblem.TooLong) => L["Use at most {0} characters.", PasswordPolicy.MaxLength],
        "Password" + nameof(PasswordProblem.ContainsPersonalDetails) =>
            L["Don't use your name or e-mail address in your password: they are the first things an attacker tries."],
        "Password" + nameof(PasswordProblem.TooGuessable) =>
            L["This password is too easy to guess: it is common or follows a well-known pattern. Add a few unrelated words."],
        nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) =>
            L["An account with this e-mail address already exists."],
        nameof(IdentityErrorDescriber.InvalidEmail) => L["Enter a valid e-mail address."],
        nameof(IdentityErrorDescriber.PasswordMismatch) => L["The current password is not correct."],
        _ => L["Something went wrong. Please try again."],
    };
}
