using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Portal.Core.Accounts;

namespace Portal.Web.Infrastructure.Authentication;

/// <summary>
/// Listens for session revocations announced by any instance (PostgreSQL LISTEN/NOTIFY) and drops
/// them from this instance's session cache, so a logout on one instance ends the session on all
/// of them at once (OWASP ASVS 5.0 V7.4.1). It listens on the primary over the direct connection
/// (<see cref="DatabaseConnections.Direct"/>): a pooler in transaction mode cannot hold a LISTEN,
/// and a standby never hears a NOTIFY. While the connection is down — a restart, a failover to
/// another host — revocations are missed, so the cache is emptied when it drops and again once it
/// listens anew (on whichever host is primary by then): every session is then checked against the
/// database again, which catches up on whatever was revoked meanwhile.
/// </summary>
public sealed class SessionRevocationListener(
    IConfiguration configuration, IMemoryCache cache, ILogger<SessionRevocationListener> logger) : BackgroundService, IHealthCheck
{
    /// <summary>
    /// Real seconds, not the portal's clock: it waits for the database to come back, which a clock
    /// moved by a test (or a business-time setting) says nothing about.
    /// </summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private volatile bool _listening;

    /// <summary>
    /// Degraded (still 200 on /health/ready) while not listening: the instance serves, but a
    /// revocation elsewhere reaches it only when its cache entry ends (<see cref="UserSessionService.CacheFor"/>).
    /// </summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_listening ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("not listening for session revocations"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _listening = false;
                (cache as MemoryCache)?.Compact(1.0);
                logger.LogWarning("Session revocation listener disconnected: {Reason}", ex.Message);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseConnections.Direct(configuration))
        {
            // A connection of its own, kept open. It is idle between messages, so TCP keepalives
            // notice a server whose machine died (no reset ever arrives) within about half a minute.
            Pooling = false,
            KeepAlive = 30,
            TcpKeepAlive = true,
            TcpKeepAliveTime = 10,
            TcpKeepAliveInterval = 2,
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
        _listening = true;
        logger.LogInformation("Listening for session revocations on {Host}:{Port}", connection.Host, connection.Port);
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }
}
