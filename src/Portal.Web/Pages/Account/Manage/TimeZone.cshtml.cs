using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// The person's time zone (an IANA id from the system's tzdata), which every page and e-mail shows
/// times in; stored on the account and remembered by this browser at once.
/// </summary>
public sealed class TimeZoneModel(UserManager<PortalUser> users, TimeProvider clock) : PortalPageModel
{
    [BindProperty]
    public string TimeZone { get; set; } = PortalUser.DefaultTimeZone;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        TimeZone = user.TimeZone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!LocalTime.IsKnown(TimeZone))
        {
            AddError("Choose a time zone from the list.");
            TimeZone = user.TimeZone;
            return Page();
        }

        if (user.TimeZone != TimeZone)
        {
            user.TimeZone = TimeZone;
            await users.UpdateAsync(user);
        }

        ViewerTime.RememberZone(HttpContext, user);
        SetStatus("Times are now shown in the time zone {0}.", TimeZone);
        return RedirectToPage("Security");
    }
}
