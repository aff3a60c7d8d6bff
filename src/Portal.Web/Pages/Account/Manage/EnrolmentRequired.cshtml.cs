using Microsoft.AspNetCore.Mvc;
using Portal.Core.Organisations;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// Where enforced MFA sends a member without an authenticator: names the organisations that require
/// it and leads to enrolment (authenticator app, then backup codes). The only ways on are to enrol or to log out.
/// Support staff come here from the console (<c>?for=support</c>): told why, and sent back to it once enrolled.
/// </summary>
public sealed class EnrolmentRequiredModel(UserWorkspaces workspaces, TimeProvider clock) : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "org")]
    public string? OrganisationSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "for")]
    public string? For { get; set; }

    /// <summary>The support console asked for it (support staff must use 2FA).</summary>
    public bool ForSupport => For == "support";

    /// <summary>Enrolment, and afterwards back into the organisation they tried to open (or to their start page).</summary>
    public string SetUpLink { get; private set; } = "";

    /// <summary>An organisation that blocks the person requires a passkey: an authenticator app would not do.</summary>
    public bool AsksForPasskey { get; private set; }

    /// <summary>The organisations that block the user now; the one they tried to open first.</summary>
    public IReadOnlyList<OrganisationWorkspace> Requiring { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var continueTo = await ContinueToAsync();
        var policy = await workspaces.MfaPolicyAsync(UserId);
        var now = clock.GetUtcNow();
        // Nothing blocks any more (enrolled in the meantime): on to where they were going.
        if (policy.Factors.Any && policy.BlockingAt(now).Count == 0)
        {
            return LocalRedirect(continueTo);
        }

        AsksForPasskey = policy.BlockingAskForPasskey(now);
        SetUpLink = (AsksForPasskey ? "/account/security/passkeys/add" : "/account/security/authenticators/add")
            + "?returnUrl=" + Uri.EscapeDataString(continueTo);
        Requiring = policy.BlockingAt(now)
            .OrderByDescending(o => string.Equals(o.Slug, OrganisationSlug, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return Page();
    }

    /// <summary>Where the person continues once enrolled: the organisation's first environment, else the start page.</summary>
    private async Task<string> ContinueToAsync()
    {
        if (ForSupport)
        {
            return "/support";
        }

        var organisation = OrganisationSlug is null ? null : await workspaces.FindAsync(UserId, OrganisationSlug);
        return organisation is { Environments: [var environment, ..] }
            ? $"/o/{Uri.EscapeDataString(organisation.Slug)}/e/{Uri.EscapeDataString(environment.Slug)}"
            : "/";
    }
}
