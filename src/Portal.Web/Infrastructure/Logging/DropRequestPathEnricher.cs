using Serilog.Core;
using Serilog.Events;

namespace Portal.Web.Infrastructure.Logging;

/// <summary>
/// ASP.NET Core's hosting puts the raw <c>RequestPath</c> into the scope of every log line of a
/// request, and <c>/invite/{token}</c> carries its secret in the path. The property is dropped;
/// <see cref="RequestLogging"/> names the route template instead (OWASP ASVS 5.0 V16.2.5).
/// </summary>
public sealed class DropRequestPathEnricher : ILogEventEnricher
{
    public const string PropertyName = "RequestPath";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
        logEvent.RemovePropertyIfPresent(PropertyName);
}
