using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core.DataProtection;

namespace Portal.Core.Tests.DataProtection;

/// <summary>An unencrypted key ring: a warning in production, one calm explanatory line in Development.</summary>
public sealed class UnencryptedWarningTests
{
    [Fact]
    public async Task Production_gets_a_warning_naming_the_setting()
    {
        var log = await StartAsync(Environments.Production);

        var line = Assert.Single(log);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains(KeyRingCertificate.EnvironmentVariable, line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_says_in_one_line_that_it_is_expected_there()
    {
        var log = await StartAsync(Environments.Development);

        var line = Assert.Single(log);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("expected on this machine", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Text);
    }

    private static async Task<List<(LogLevel Level, string Text)>> StartAsync(string environmentName)
    {
        var logger = new ListLogger();
        var warning = new KeyRingCertificate.UnencryptedWarning(new Environment(environmentName), logger);
        await warning.StartAsync(CancellationToken.None);
        return logger.Lines;
    }

    private sealed class ListLogger : ILogger<KeyRingCertificate>
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Portal";

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
