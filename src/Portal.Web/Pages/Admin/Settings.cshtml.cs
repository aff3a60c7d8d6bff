using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Tenancy;

namespace Portal.Web.Pages.Admin;

/// <summary>The organisation's settings: name, company-registry number, invitation expiry.</summary>
[OrganisationAdmin]
public sealed class SettingsModel(OrganisationSettings settings, CurrentTenant tenant, UserManager<PortalUser> users) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the organisation's name.")]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [StringLength(32, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Company-registry number")]
        public string? RegistryNumber { get; set; }

        [Range(Organisation.MinInvitationExpiryDays, Organisation.MaxInvitationExpiryDays, ErrorMessage = "Choose between {1} and {2} days.")]
        [Display(Name = "Invitation links expire after")]
        public int InvitationExpiryDays { get; set; } = Organisation.DefaultInvitationExpiryDays;
    }

    public async Task OnGetAsync()
    {
        var current = await settings.GetAsync(tenant.Organisation.Id);
        Input = new InputModel
        {
            Name = current.Name,
            RegistryNumber = current.RegistryNumber,
            InvitationExpiryDays = current.InvitationExpiryDays,
        };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = (await users.GetUserAsync(User))!;
        var changed = await settings.UpdateAsync(
            tenant.Organisation.Id,
            new OrganisationSettingsValues(Input.Name, Input.RegistryNumber, Input.InvitationExpiryDays),
            actor);
        SetStatus(changed ? "The settings were saved." : "Nothing changed.");
        return Redirect($"/o/{tenant.Organisation.Slug}/admin/settings");
    }
}
