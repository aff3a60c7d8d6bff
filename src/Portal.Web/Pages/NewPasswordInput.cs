using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Pages;

/// <summary>The "new password, twice" fields of every form that sets a password (shown by _NewPasswordFields).</summary>
public class NewPasswordInput
{
    [Required(ErrorMessage = "Choose a new password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Repeat the new password.")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same.")]
    [Display(Name = "Repeat the new password")]
    public string ConfirmPassword { get; set; } = "";
}
