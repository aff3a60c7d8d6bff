using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Portal.Core.Mfa;
using Portal.Web.Infrastructure.Security;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>
/// Shows a new set of backup codes once, right after it was created, with a .txt download and a
/// print view. The codes reach this page through TempData (an encrypted, HttpOnly cookie deleted
/// once read); the download form carries them encrypted and bound to the person for 10 minutes.
/// </summary>
public sealed class ShowBackupCodesModel(TimedTokens tokens, TimeProvider clock) : PortalPageModel
{
    private const string TempDataKey = "NewBackupCodes";
    private const string DownloadPurpose = "backup-codes-download";
    private static readonly TimeSpan DownloadFor = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Codes { get; private set; } = [];

    [BindProperty]
    public string? Download { get; set; }

    /// <summary>Where "I have saved my codes" leads: back where the person was going (local only), else the security page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The codes one a line, as the copy button puts them on the clipboard.</summary>
    public string CodesAsText => string.Join('\n', Codes);

    public string Continue => SafeRedirect.LocalOrNull(Url, ReturnUrl) ?? "/account/security";

    public static void Keep(ITempDataDictionary tempData, IReadOnlyList<string> codes) => tempData[TempDataKey] = string.Join(' ', codes);

    public IActionResult OnGet()
    {
        if (TempData[TempDataKey] is not string codes)
        {
            // Shown once: a reload or a bookmark finds nothing to show.
            return RedirectToPage("BackupCodes");
        }

        Codes = codes.Split(' ');
        Download = tokens.Protect(DownloadPurpose, UserId, codes);
        return Page();
    }

    public IActionResult OnPostDownload()
    {
        if (tokens.Unprotect(DownloadPurpose, UserId, Download, DownloadFor) is not { } codes)
        {
            SetStatus("The download is no longer available. If you did not save your backup codes, create a new set.");
            return RedirectToPage("BackupCodes");
        }

        var text = new StringBuilder()
            .AppendLine(L["Portal backup codes for {0}", User.Identity?.Name ?? ""])
            .AppendLine(L["Created: {0}", Time.DateAndTime(clock.GetUtcNow())])
            .AppendLine()
            .AppendJoin(Environment.NewLine, codes.Split(' '))
            .AppendLine()
            .AppendLine()
            .AppendLine(L["Each code works once. Keep them somewhere safe, away from your phone."]);
        return File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", "portal-backup-codes.txt");
    }
}
