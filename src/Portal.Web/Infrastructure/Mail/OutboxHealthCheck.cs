using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Mail;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// The age of the oldest message still waiting in the outbox. Degraded, never unhealthy: an SMTP
/// outage must not take instances out of a load balancer's rotation (the messages wait safely).
/// </summary>
public sealed class OutboxHealthCheck(OutboxStore outbox, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan DegradedAfter = TimeSpan.FromMinutes(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var oldest = await outbox.OldestPendingAsync(cancellationToken);
        var age = oldest is null ? TimeSpan.Zero : clock.GetUtcNow() - oldest.Value;
        var data = new Dictionary<string, object> { ["oldestPendingSeconds"] = (long)Math.Max(0, age.TotalSeconds) };
        return age > DegradedAfter
            ? HealthCheckResult.Degraded($"The oldest e-mail has waited {(long)age.TotalMinutes} minutes.", data: data)
            : HealthCheckResult.Healthy("E-mail is flowing.", data);
    }
}
