using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Mfa;

namespace Portal.Web.Pages.Account;

/// <summary>
/// The link in the e-mail sent to a new backup address. Reachable without signing in (the mailbox
/// may be read on another device); a GET only shows a button, because mail scanners open links.
/// </summary>
[AllowAnonymous]
public sealed class VerifyBackupEmailModel(BackupEmailService backupEmail) : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserIdInLink { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool LinkInvalid { get; private set; }

    public void OnGet() => LinkInvalid = string.IsNullOrEmpty(Token) || UserIdInLink == Guid.Empty;

    public async Task<IActionResult> OnPostAsync()
    {
        if (await backupEmail.VerifyAsync(UserIdInLink, Token) is not { } user)
        {
            LinkInvalid = true;
            return Page();
        }

        SetStatus("Your backup e-mail {0} is confirmed.", user.BackupEmail!);
        return Redirect(User.Identity?.IsAuthenticated == true ? "/account/security" : "/login");
    }
}
