using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Portal.Web.Infrastructure.Security;

/// <summary>
/// Binds yes/no fields (checkboxes) from what a browser sends — "true" (or "on"), the hidden
/// "false" — and reads anything else as "no". The framework's binder keeps an unparsable value as
/// the attempted value, and the checkbox then throws while the page is drawn again (a 500 for
/// <c>RememberMe=%01</c>); here the field only ever holds true or false (OWASP ASVS 5.0 V2.2.1).
/// </summary>
public sealed class CheckboxModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var posted = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (posted == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        var value = posted.FirstValue is { } first
            && (string.Equals(first, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(first, "on", StringComparison.OrdinalIgnoreCase));
        var text = value ? "true" : "false";
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, text, text);
        bindingContext.Result = ModelBindingResult.Success(value);
        return Task.CompletedTask;
    }
}

/// <summary>Uses <see cref="CheckboxModelBinder"/> for every <c>bool</c> and <c>bool?</c> the pages bind.</summary>
public sealed class CheckboxModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool) ? new CheckboxModelBinder() : null;
}
