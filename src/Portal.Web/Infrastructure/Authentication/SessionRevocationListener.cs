using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using Portal.Core.Accounts;

namespace Portal.Web.Infrastructure.Authentication;

/// <summary>
/// Listens for session revocations announced by any instance (PostgreSQL LISTEN/NOTIFY) and drops
/// them from this instance's session cache, so a logout on one instance ends the session on all
/// of them at once (OWASP ASVS 5.0 V7.4.1). While the connection is down, the cache is emptied:
/// every session is then checked against the database again.
/// </summary>
public sealed class SessionRevocationListener(
    IConfiguration configuration, IMemoryCache cache, ILogger<SessionRevocationListener> logger) : BackgroundService
{
    /// <summary>
    /// Real seconds, not the portal's clock: it waits for the database to come back, which a clock
    /// moved by a test (or a business-time setting) says nothing about.
    /// </summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                (cache as MemoryCache)?.Compact(1.0);
                logger.LogWarning("Session revocation listener disconnected: {Reason}", ex.Message);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Portal"))
        {
            // A connection of its own, kept open; keepalives notice a dead server.
            Pooling = false,
            KeepAlive = 30,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, message) =>
        {
            foreach (var id in message.Payload.Split(','))
            {
                if (Guid.TryParseExact(id, "N", out var sessionId))
                {
                    UserSessionService.Evict(cache, sessionId);
                }
            }
        };
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {UserSessionService.RevokedChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Sessions cached before listening started may have been revoked meanwhile.
        (cache as MemoryCache)?.Compact(1.0);
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }
}
