using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a loopback port: Debian's aiosmtpd (python3-aiosmtpd, installed by
/// scripts/test.sh), run with the system Python, delivering into a Maildir. It can be stopped and
/// started again on the same port to play an SMTP outage.
/// </summary>
public sealed class SmtpCatcher : IAsyncDisposable
{
    private static readonly string[] MaildirFolders = ["new", "cur"];

    private readonly string _maildir = Path.Combine(Path.GetTempPath(), "portal-smtp", Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int Port { get; } = FreePort();

    public static async Task<SmtpCatcher> StartAsync()
    {
        var catcher = new SmtpCatcher();
        await catcher.StartAgainAsync();
        return catcher;
    }

    public async Task StartAgainAsync()
    {
        // aiosmtpd creates the Maildir itself, but not its parent.
        Directory.CreateDirectory(Path.GetDirectoryName(_maildir)!);
        var start = new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", _maildir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message the server accepted, as MimeKit reads it.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folders = MaildirFolders.Select(f => Path.Combine(_maildir, f)).Where(Directory.Exists);
        return folders.SelectMany(Directory.EnumerateFiles).Select(f => MimeMessage.Load(f)).ToList();
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages().Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until at least <paramref name="count"/> messages arrived, then a moment more so a duplicate would show.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? patience = null, Func<MimeMessage, bool>? which = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var messages = Messages().Where(which ?? (_ => true)).ToList();
            if (messages.Count >= count)
            {
                await Task.Delay(500);
                return Messages().Where(which ?? (_ => true)).ToList();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{messages.Count} of {count} messages arrived at the SMTP catcher.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_maildir, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
