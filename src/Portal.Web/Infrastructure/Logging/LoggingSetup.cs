using Serilog;
using Serilog.Formatting.Json;

namespace Portal.Web.Infrastructure.Logging;

public static class LoggingSetup
{
    /// <summary>Serilog from the "Serilog" section; console always, a rolling file when Logging:FilePath is set.</summary>
    public static void AddPortalLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With<LineBreakEscapingEnricher>()
            .Enrich.With<DropRequestPathEnricher>()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        var filePath = builder.Configuration["Logging:FilePath"];
        if (!string.IsNullOrWhiteSpace(filePath))
        {
            var fullPath = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, filePath));
            configuration.WriteTo.File(new JsonFormatter(renderMessage: true), fullPath, rollingInterval: RollingInterval.Day);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }
}
