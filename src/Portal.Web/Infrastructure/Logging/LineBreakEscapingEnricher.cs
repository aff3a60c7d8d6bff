using Serilog.Core;
using Serilog.Events;

namespace Portal.Web.Infrastructure.Logging;

/// <summary>
/// Escapes CR and LF in every text value of a log event, so a value someone typed (an e-mail
/// address, a name) can never start a line of its own that looks like a real log entry
/// (log injection; OWASP ASVS 5.0 V16.4.1).
/// </summary>
public sealed class LineBreakEscapingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && text.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(Escape(text))));
            }
        }
    }

    private static string Escape(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
