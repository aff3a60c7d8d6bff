using Portal.Web.Infrastructure.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Portal.Web.Tests.Platform;

/// <summary>OWASP ASVS 5.0 V16.4.1: user-supplied values cannot forge log lines.</summary>
public sealed class LogInjectionTests
{
    [Fact]
    public void A_value_with_line_breaks_stays_on_one_log_line()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().Enrich.With<LineBreakEscapingEnricher>().WriteTo.Sink(sink).CreateLogger();

        logger.Information("Login failed for {Email}", "anna@office.test\r\n[06:00:00 INF] Login succeeded for admin@demo.test");

        var line = Assert.Single(sink.Lines);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("\\r\\n[06:00:00 INF]", line);
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _formatter = new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            using var writer = new StringWriter();
            _formatter.Format(logEvent, writer);
            Lines.Add(writer.ToString());
        }
    }
}
