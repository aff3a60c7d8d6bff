using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Infrastructure.Security;

/// <summary>
/// The bounds of the numbers and dates people type into addresses (page numbers, date filters),
/// declared on the page model's property and enforced for every page by <see cref="BoundedInputFilter"/>
/// (OWASP ASVS 5.0 V2.2.1: input validated against expected ranges before use).
/// </summary>
public static class InputBounds
{
    /// <summary>Far beyond any real list (100,000 pages of 25), and far from OFFSET's overflow.</summary>
    public const int MaxPageNumber = 100_000;

    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <summary>Well inside the calendar, so "the day after" always exists.</summary>
    public static readonly DateOnly LatestDate = new(2999, 12, 31);
}

/// <summary>A page of a paged list: 1 to <see cref="InputBounds.MaxPageNumber"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PageNumberAttribute() : RangeAttribute(1, InputBounds.MaxPageNumber);

/// <summary>A calendar date between <see cref="InputBounds.EarliestDate"/> and <see cref="InputBounds.LatestDate"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CalendarDateAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is null || value is DateOnly date && date >= InputBounds.EarliestDate && date <= InputBounds.LatestDate;
}
