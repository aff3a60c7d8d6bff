using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Mfa;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Mail;
using Portal.Web.Infrastructure.Mail.Templates;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Account;

/// <summary>
/// /login/recovery/request: someone who lost every second factor asks support for a reset, with
/// identity documents. Reachable only during a password-verified login (the five-minute pending
/// sign-in), so nobody can file a request for an account whose password they do not know.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
[AllowAnonymous]
public sealed class RecoveryRequestModel(TwoFactorLogin login, RecoverySubmission recoveries, Mailer mail) : PortalPageModel
{
    /// <summary>Three files of at most 10 MB and the text fields; each file's own limit is checked with a clear message.</summary>
    public const long MaxRequestBytes = (3 * RecoveryDocuments.MaxBytes) + (1024 * 1024);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsAdmin { get; private set; }

    public bool AlreadyOpen { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Tell us what happened.")]
        [StringLength(RecoveryRequest.MaxWhatHappenedLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "What happened")]
        [MultiLine]
        public string WhatHappened { get; set; } = "";

        [Required(ErrorMessage = "Enter a phone number we can call you back on.")]
        [StringLength(RecoveryRequest.MaxPhoneLength, ErrorMessage = "Use at most {1} characters.")]
        [Phone(ErrorMessage = "Enter a valid phone number.")]
        [Display(Name = "Phone number for a callback")]
        [SingleLine]
        public string CallbackPhone { get; set; } = "";

        public IFormFile? IdentityDocument { get; set; }

        public IFormFile? Selfie { get; set; }

        public IFormFile? RegistryExtract { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await PendingAsync() is null)
        {
            return Expired();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await PendingAsync() is not { } pending)
        {
            return Expired();
        }

        if (AlreadyOpen)
        {
            return Page();
        }

        var documents = new List<UploadedDocument>();
        await ReadAsync(Input.IdentityDocument, RecoveryDocumentKind.IdentityDocument, "Input.IdentityDocument", documents);
        await ReadAsync(Input.Selfie, RecoveryDocumentKind.Selfie, "Input.Selfie", documents);
        if (IsAdmin || Input.RegistryExtract is not null)
        {
            await ReadAsync(Input.RegistryExtract, RecoveryDocumentKind.RegistryExtract, "Input.RegistryExtract", documents);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await recoveries.SubmitAsync(pending.User, Input.WhatHappened, Input.CallbackPhone, documents);
        if (result.Status == SubmitStatus.AlreadyOpen)
        {
            AlreadyOpen = true;
            return Page();
        }

        var statusPath = RecoveryStatusModel.PathFor(result.Token!);
        mail.Send(pending.User, new RecoveryRequestedEmail(pending.User.Email!, statusPath));
        SetStatus("Your request was sent. We also e-mailed you a link to this page.");
        return Redirect(statusPath);
    }

    /// <summary>Checks one upload by its content and size, never by its name, and keeps it when it passes.</summary>
    private async Task ReadAsync(IFormFile? file, RecoveryDocumentKind kind, string field, List<UploadedDocument> documents)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(field, L["Choose a file."]);
            return;
        }

        if (file.Length > RecoveryDocuments.MaxBytes)
        {
            ModelState.AddModelError(field, L["This file is larger than 10 MB. Scan or photograph it at a lower resolution."]);
            return;
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        var content = buffer.ToArray();
        if (RecoveryDocuments.ContentTypeOf(content) is null)
        {
            ModelState.AddModelError(field, L["Only PDF, JPEG or PNG files are accepted."]);
            return;
        }

        documents.Add(new UploadedDocument(kind, file.FileName, content));
    }

    private async Task<PendingLogin?> PendingAsync()
    {
        var pending = await login.PendingAsync();
        if (pending is not null)
        {
            IsAdmin = await recoveries.IsOrganisationAdminAsync(pending.User.Id);
            AlreadyOpen = await recoveries.HasOpenRequestAsync(pending.User.Id);
        }

        return pending;
    }

    private RedirectResult Expired()
    {
        SetStatus("More than 5 minutes passed since you entered your password. For your security, log in again.");
        return Redirect("/login");
    }
}
