using Serilog;
using Serilog.Formatting.Json;

namespace Portal.Web.Infrastructure.Logging;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog from the "Serilog" section; console always, a rolling file when Logging:FilePath is set.
    /// Each host builds its own logger and leaves the static <see cref="Log"/> alone (several
    /// portals run in one test process).
    /// </summary>
    public static void AddPortalLogging(this WebApplicationBuilder builder)
    {
        var filePath = builder.Configuration["Logging:FilePath"];
        builder.Services.AddSerilog((_, configuration) =>
        {
            configuration
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .Enrich.With<LineBreakEscapingEnricher>()
                .Enrich.With<DropRequestPathEnricher>()
                .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrWhiteSpace(filePath))
            {
                var fullPath = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, filePath));
                configuration.WriteTo.File(new JsonFormatter(renderMessage: true), fullPath, rollingInterval: RollingInterval.Day);
            }
        }, preserveStaticLogger: true);
    }
}
