using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Legacy;
using Portal.Core.Mail;
using Portal.Core.Support;

namespace Portal.Web.Infrastructure.Startup;

/// <summary>
/// Administrative commands run instead of the web server:
/// <c>healthcheck</c> asks a running instance's <c>/health/ready</c> (the container's HEALTHCHECK,
/// as the runtime image has no curl);
/// <c>legacy import FILE.csv</c> imports old per-environment usernames (all or nothing);
/// <c>support add EMAIL</c> creates or promotes a support agent;
/// <c>mail status</c> shows the e-mail outbox (waiting, sent, failed, the oldest waiting message,
/// recent failures) and <c>mail retry ID</c> puts a failed message back in line.
/// </summary>
public static class PortalCommands
{
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["healthcheck", ..]:
                var port = app.Configuration["HEALTHCHECK_PORT"] ?? "8080";
                using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) })
                {
                    try
                    {
                        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                        return response.IsSuccessStatusCode ? 0 : 1;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return 1;
                    }
                }

            case ["legacy", "import", var path]:
                return await ImportLegacyAsync(app, path);
            case ["legacy", ..]:
                await Console.Error.WriteLineAsync("Usage: legacy import FILE.csv  (username,password_hash,organisation_slug,environment_slug,role)");
                return 2;
            case ["support", "add", var email]:
                return await AddSupportAsync(app, email);
            case ["support", ..]:
                await Console.Error.WriteLineAsync("Usage: support add someone@example.com");
                return 2;
            case ["mail", "status"]:
                return await MailStatusAsync(app);
            case ["mail", "retry", var id]:
                return await MailRetryAsync(app, id);
            case ["mail", ..]:
                await Console.Error.WriteLineAsync("Usage: mail status | mail retry MESSAGE-ID");
                return 2;
            default:
                return null;
        }
    }

    private static async Task<int> ImportLegacyAsync(WebApplication app, string path)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"No such file: {path}");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
        using var reader = File.OpenText(path);
        var result = await scope.ServiceProvider.GetRequiredService<LegacyImport>().ImportAsync(reader);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error);
            }

            await Console.Error.WriteLineAsync("Nothing was imported.");
            return 1;
        }

        Console.WriteLine($"Imported {result.Imported} legacy accounts; {result.Unchanged} were already there.");
        return 0;
    }

    private static async Task<int> MailStatusAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var status = await scope.ServiceProvider.GetRequiredService<OutboxStore>().StatusAsync();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        Console.WriteLine($"waiting: {status.Pending}  sent: {status.Sent}  failed: {status.Failed}");
        Console.WriteLine(status.OldestPending is { } oldest
            ? $"oldest waiting: {(long)(now - oldest).TotalSeconds} s (since {oldest.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)"
            : "oldest waiting: none");
        foreach (var message in status.Problems)
        {
            var state = message.Status == OutboxStatus.Failed
                ? "failed"
                : $"retry at {message.NextAttemptAt?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
            Console.WriteLine($"{message.Id}  {message.Template}  to {message.Recipient}  {state}  attempts {message.Attempts}  {message.LastError}");
        }

        return status.Failed > 0 ? 1 : 0;
    }

    private static async Task<int> MailRetryAsync(WebApplication app, string id)
    {
        if (!Guid.TryParse(id, out var messageId))
        {
            await Console.Error.WriteLineAsync($"Not a message id: {id}");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<OutboxStore>().RetryAsync(messageId))
        {
            await Console.Error.WriteLineAsync($"No failed or waiting message {messageId} (it may have been sent, or its body purged).");
            return 1;
        }

        Console.WriteLine($"{messageId} is back in line; a running portal sends it within seconds.");
        return 0;
    }

    private static async Task<int> AddSupportAsync(WebApplication app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
        var result = await scope.ServiceProvider.GetRequiredService<SupportStaff>().AddAsync(email);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error);
            }

            return 1;
        }

        if (result.UserCreated)
        {
            Console.WriteLine($"Created {email} with a random password nobody knows: they must use \"forgot password\" on the login page to choose one.");
        }

        Console.WriteLine(result.AlreadySupport
            ? $"{email} is already support staff."
            : $"{email} is now support staff. They must set up two-factor authentication before /support opens.");
        return 0;
    }
}
