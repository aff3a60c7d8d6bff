using System.ComponentModel.DataAnnotations;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Support;

/// <summary>The support agent's checklist of a recovery request (the request page's first form).</summary>
public sealed class ChecklistInput
{
    [Display(Name = "The name on the identity document matches the account")]
    public bool NameMatchesAccount { get; set; }

    [Display(Name = "The selfie matches the identity document")]
    public bool SelfieMatchesDocument { get; set; }

    [Display(Name = "The registry extract matches the organisation's registry number and names the person")]
    public bool RegistryExtractMatches { get; set; }

    [Display(Name = "Callback made on the phone number given")]
    public bool CallbackMade { get; set; }

    [StringLength(RecoveryRequest.MaxNotesLength, ErrorMessage = "Use at most {1} characters.")]
    [Display(Name = "Notes")]
    [MultiLine]
    public string? Notes { get; set; }

    public static ChecklistInput From(RecoveryRequest request) => new()
    {
        NameMatchesAccount = request.NameMatchesAccount,
        SelfieMatchesDocument = request.SelfieMatchesDocument,
        RegistryExtractMatches = request.RegistryExtractMatches,
        CallbackMade = request.CallbackMade,
        Notes = request.Notes,
    };
}

/// <summary>The reason of a rejection, e-mailed to the person (the request page's second form).</summary>
public sealed class RejectInput
{
    [Required(ErrorMessage = "Give the reason; the person receives it by e-mail.")]
    [StringLength(RecoveryRequest.MaxReasonLength, ErrorMessage = "Use at most {1} characters.")]
    [Display(Name = "Reason")]
    [MultiLine]
    public string Reason { get; set; } = "";
}
