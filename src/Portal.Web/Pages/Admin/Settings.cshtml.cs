using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Mfa;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Tenancy;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Admin;

/// <summary>The organisation's settings: name, company-registry number, invitation expiry, required 2FA, audit log retention.</summary>
[OrganisationAdmin]
public sealed class SettingsModel(
    OrganisationSettings settings,
    MfaReminders reminders,
    CurrentTenant tenant,
    UserManager<PortalUser> users,
    Mailer mail) : PortalPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the organisation's name.")]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Name")]
        [SingleLine]
        public string Name { get; set; } = "";

        [StringLength(32, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Company-registry number")]
        [SingleLine]
        public string? RegistryNumber { get; set; }

        [Range(Organisation.MinInvitationExpiryDays, Organisation.MaxInvitationExpiryDays, ErrorMessage = "Choose between {1} and {2} days.")]
        [Display(Name = "Invitation links expire after")]
        public int InvitationExpiryDays { get; set; } = Organisation.DefaultInvitationExpiryDays;

        [Display(Name = "Require two-factor authentication for all members")]
        public bool RequireMfa { get; set; }

        [Display(Name = "Require passkeys (a code from an app is no longer enough)")]
        public bool RequirePasskeys { get; set; }

        [Range(MfaRequirement.MinGraceDays, MfaRequirement.MaxGraceDays, ErrorMessage = "Choose between {1} and {2} days.")]
        [Display(Name = "Grace period (days)")]
        public int MfaGraceDays { get; set; } = MfaRequirement.DefaultGraceDays;

        [Range(Organisation.MinAuditRetentionYears, Organisation.MaxAuditRetentionYears, ErrorMessage = "Choose between {1} and {2} years.")]
        [Display(Name = "Keep the audit log for")]
        public int AuditRetentionYears { get; set; } = Organisation.DefaultAuditRetentionYears;
    }

    /// <summary>The requirement in force, for its deadline.</summary>
    public MfaRequirement? Mfa { get; private set; }

    public async Task OnGetAsync()
    {
        var current = await settings.GetAsync(tenant.Organisation.Id);
        Input = new InputModel
        {
            Name = current.Name,
            RegistryNumber = current.RegistryNumber,
            InvitationExpiryDays = current.InvitationExpiryDays,
            RequireMfa = current.RequireMfa,
            MfaGraceDays = current.MfaGraceDays,
            AuditRetentionYears = current.AuditRetentionYears,
            RequirePasskeys = current.RequirePasskeys,
        };
        Mfa = await settings.MfaRequirementAsync(tenant.Organisation.Id);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Mfa = await settings.MfaRequirementAsync(tenant.Organisation.Id);
            return Page();
        }

        var actor = (await users.GetUserAsync(User))!;
        var change = await settings.UpdateAsync(
            tenant.Organisation.Id,
            new OrganisationSettingsValues(Input.Name, Input.RegistryNumber, Input.InvitationExpiryDays, Input.RequireMfa, Input.MfaGraceDays, Input.AuditRetentionYears, Input.RequirePasskeys),
            actor);
        var name = Input.Name.Trim();
        if (change.MfaSwitchedOn is { } required)
        {
            foreach (var member in await reminders.MembersNotMeetingAsync(tenant.Organisation.Id))
            {
                mail.Send(member, new MfaRequiredEmail(name, required.Deadline, required.Level == MfaLevel.PhishingResistant));
            }
        }

        if (change.MfaSwitchedOff)
        {
            var changedBy = string.IsNullOrWhiteSpace(actor.DisplayName) ? actor.Email! : actor.DisplayName;
            foreach (var admin in await reminders.AdminsAsync(tenant.Organisation.Id))
            {
                mail.Send(admin, new MfaNoLongerRequiredEmail(name, tenant.Organisation.Slug, changedBy));
            }
        }

        SetStatus(change.Changed ? "The settings were saved." : "Nothing changed.");
        return Redirect($"/o/{tenant.Organisation.Slug}/admin/settings");
    }
}
