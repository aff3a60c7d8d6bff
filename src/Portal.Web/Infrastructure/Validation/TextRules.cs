using System.ComponentModel.DataAnnotations;
using Portal.Core.Mail;

namespace Portal.Web.Infrastructure.Validation;

/// <summary>An e-mail address the portal can send to (<see cref="EmailAddressRule"/>); empty passes (use Required).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ValidEmailAttribute : ValidationAttribute
{
    public ValidEmailAttribute() => ErrorMessage = "Enter a valid e-mail address.";

    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || EmailAddressRule.IsValid(text);
}

/// <summary>A name or short text: no line breaks or other control characters (<see cref="PlainText"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class SingleLineAttribute : ValidationAttribute
{
    public SingleLineAttribute() => ErrorMessage = "Use text on one line, without control characters.";

    public override bool IsValid(object? value) => value is not string text || PlainText.IsSingleLine(text);
}

/// <summary>A longer text (a message to support): line breaks allowed, other control characters not.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultiLineAttribute : ValidationAttribute
{
    public MultiLineAttribute() => ErrorMessage = "Remove the control characters from the text.";

    public override bool IsValid(object? value) => value is not string text || PlainText.IsMultiLine(text);
}
