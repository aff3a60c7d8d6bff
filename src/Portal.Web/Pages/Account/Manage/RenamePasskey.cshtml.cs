using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>Renames one of the person's own passkeys; anyone else's id is a 404.</summary>
public sealed class RenamePasskeyModel(UserManager<PortalUser> users, PasskeyService passkeys) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string CurrentName { get; private set; } = "";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Give the passkey a name, for example \"Work laptop\" or \"My phone\".")]
        [StringLength(PasskeyService.MaxNameLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "New name")]
        [SingleLine]
        public string Name { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await users.GetUserAsync(User) is not { } user || await passkeys.FindAsync(user, id) is not { } passkey)
        {
            return NotFound();
        }

        CurrentName = passkey.Name;
        Input.Name = passkey.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await users.GetUserAsync(User) is not { } user || await passkeys.FindAsync(user, id) is not { } passkey)
        {
            return NotFound();
        }

        CurrentName = passkey.Name;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await passkeys.RenameAsync(user, id, Input.Name);
        SetStatus("The passkey is now called \"{0}\".", Input.Name.Trim());
        return RedirectToPage("Security");
    }
}
