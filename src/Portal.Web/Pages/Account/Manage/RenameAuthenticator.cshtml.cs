using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Authentication;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>Renames one of the person's own authenticator apps; anyone else's id is a 404.</summary>
public sealed class RenameAuthenticatorModel(UserManager<PortalUser> users, AuthenticatorService authenticators) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string CurrentName { get; private set; } = "";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Give the app a name, for example \"iPhone\" or \"Office phone\".")]
        [StringLength(Authenticator.MaxNameLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "New name")]
        [SingleLine]
        public string Name { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await authenticators.FindAsync(UserId, id) is not { } authenticator)
        {
            return NotFound();
        }

        CurrentName = authenticator.Name;
        Input.Name = authenticator.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await authenticators.FindAsync(user.Id, id) is not { } authenticator)
        {
            return NotFound();
        }

        CurrentName = authenticator.Name;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await authenticators.RenameAsync(user, id, Input.Name, PortalSignInManager.SessionId(User));
        SetStatus("The authenticator app is now called \"{0}\".", Input.Name.Trim());
        return RedirectToPage("Security");
    }
}
