using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Pages.Account.Manage;

/// <summary>The password asked again before a change that weakens the account (shown by _ConfirmPasswordField).</summary>
public class ConfirmPasswordInput
{
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Your password")]
    public string Password { get; set; } = "";
}
