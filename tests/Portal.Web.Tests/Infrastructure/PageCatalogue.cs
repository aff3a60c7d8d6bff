using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>One page handler of the app, found by reflection over its endpoints (never listed by hand).</summary>
public sealed record PageHandler(string RouteTemplate, string Method, string? Handler, Type Model)
{
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
            foreach (var method in compiled.HandlerMethods)
            {
                handlers.Add(new PageHandler(endpoint.RoutePattern.RawText!, method.HttpMethod.ToUpperInvariant(), method.Name, compiled.ModelTypeInfo!.AsType()));
            }

            if (compiled.HandlerMethods.Count == 0)
            {
                handlers.Add(new PageHandler(endpoint.RoutePattern.RawText!, HttpMethods.Get, null, compiled.ModelTypeInfo!.AsType()));
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
}
