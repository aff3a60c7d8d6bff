using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>One page handler of the app, found by reflection over its endpoints (never listed by hand).</summary>
public sealed record PageHandler(string RouteTemplate, string Method, string? Handler, Type Model)
{
    /// <summary>The query or form fields the handler binds (its model's bound properties and its parameters), complex ones expanded.</summary>
    public IReadOnlyList<BoundField> Fields { get; init; } = [];

    /// <summary>The metadata of the page's endpoint as routing sees it (authorization, rate limiting …).</summary>
    public EndpointMetadataCollection Metadata { get; init; } = EndpointMetadataCollection.Empty;

    /// <summary>The names of the route's parameters ({org}, {token} …).</summary>
    public IReadOnlyList<string> RouteParameters =>
        System.Text.RegularExpressions.Regex.Matches(RouteTemplate, @"\{(\w+)").Select(m => m.Groups[1].Value).ToList();

    public bool IsOrganisationScoped => RouteTemplate.Contains("{org}", StringComparison.Ordinal);

    /// <summary>The URL with its route values filled in (and the named handler in the query).</summary>
    public string Url(IReadOnlyDictionary<string, string> values)
    {
        var path = "/" + RouteTemplate.TrimStart('/');
        foreach (var segment in System.Text.RegularExpressions.Regex.Matches(path, @"\{(\w+)(:[^}?]*)?\??\}").Reverse())
        {
            var name = segment.Groups[1].Value;
            path = path.Remove(segment.Index, segment.Length).Insert(segment.Index, values.TryGetValue(name, out var value) ? value : Guid.NewGuid().ToString());
        }

        return path.Replace("//", "/", StringComparison.Ordinal) + (Handler is null ? "" : "?handler=" + Handler);
    }

    public override string ToString() => $"{Method} {RouteTemplate}{(Handler is null ? "" : " handler=" + Handler)}";
}

public static class PageCatalogue
{
    public static async Task<IReadOnlyList<PageHandler>> AllAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var handlers = new List<PageHandler>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } descriptor)
            {
                continue;
            }

            var compiled = await loader.LoadAsync(descriptor, endpoint.Metadata);
            var route = endpoint.RoutePattern.RawText!;
            var routeParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var metadata = compiled.Endpoint?.Metadata ?? endpoint.Metadata;
            foreach (var method in compiled.HandlerMethods)
            {
                var httpMethod = method.HttpMethod.ToUpperInvariant();
                var fields = BoundProperties(compiled, httpMethod)
                    .Concat(method.Parameters.SelectMany(p => BoundField.Expand(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)))
                    .Where(f => !routeParameters.Contains(f.Name))
                    .DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                    .ToList();
                handlers.Add(new PageHandler(route, httpMethod, method.Name, compiled.ModelTypeInfo!.AsType()) { Fields = fields, Metadata = metadata });
            }

            if (compiled.HandlerMethods.Count == 0)
            {
                handlers.Add(new PageHandler(route, HttpMethods.Get, null, compiled.ModelTypeInfo!.AsType())
                {
                    Fields = BoundProperties(compiled, HttpMethods.Get).Where(f => !routeParameters.Contains(f.Name)).ToList(),
                    Metadata = metadata,
                });
            }
        }

        return handlers.DistinctBy(h => h.ToString()).ToList();
    }

    /// <summary>
    /// Every GET page a browser can open directly (no token or id in the route, no dev tools), with
    /// the office's slug and an environment "main" filled in: the list the browser sweeps walk.
    /// </summary>
    public static async Task<IReadOnlyList<string>> BrowsableUrlsAsync(IServiceProvider services, string organisationSlug) =>
        (await AllAsync(services))
            .Where(h => h.Method == "GET" && h.Handler is null && !h.RouteTemplate.Contains("{token", StringComparison.Ordinal)
                && !h.RouteTemplate.Contains("{id", StringComparison.Ordinal) && !h.RouteTemplate.StartsWith("dev", StringComparison.Ordinal))
            .Select(h => h.Url(new Dictionary<string, string> { ["org"] = organisationSlug, ["env"] = "main", ["code"] = "404" }))
            .Distinct()
            .ToList();

    /// <summary>The model's [BindProperty] properties that bind for this HTTP method (SupportsGet for a GET).</summary>
    private static IEnumerable<BoundField> BoundProperties(CompiledPageActionDescriptor page, string httpMethod)
    {
        var request = new ActionContext(new DefaultHttpContext { Request = { Method = httpMethod } }, new RouteData(), new ActionDescriptor());
        return page.BoundProperties
            .Where(p => p.BindingInfo?.RequestPredicate is not { } binds || binds(request))
            .SelectMany(p => BoundField.Expand(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType));
    }
}

/// <summary>One field a handler binds: its name in the query or form, and the type it is bound to.</summary>
public sealed record BoundField(string Name, Type Type)
{
    /// <summary>A simple value as itself; a class's settable properties as "Prefix.Property" (two levels deep).</summary>
    public static IEnumerable<BoundField> Expand(string name, Type type, int depth = 0)
    {
        var bound = Nullable.GetUnderlyingType(type) ?? type;
        if (bound.IsArray)
        {
            bound = bound.GetElementType()!;
        }

        if (IsSimple(bound))
        {
            yield return new BoundField(name, bound);
            yield break;
        }

        if (depth >= 2 || !bound.IsClass || typeof(IFormFile).IsAssignableFrom(bound) || bound.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true)
        {
            yield break;
        }

        foreach (var property in bound.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            foreach (var field in Expand(name + "." + property.Name, property.PropertyType, depth + 1))
            {
                yield return field;
            }
        }
    }

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan);
}
