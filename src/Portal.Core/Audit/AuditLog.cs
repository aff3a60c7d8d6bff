using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Portal.Core.Accounts;
using Portal.Core.Data;

namespace Portal.Core.Audit;

/// <summary>Records audit events with the request's origin (client address and user agent).</summary>
public sealed class AuditLog(PortalDbContext db, TimeProvider clock, IHttpContextAccessor httpContextAccessor)
{
    private const int MaxUserAgentLength = 512;

    /// <summary>Adds an event to the unit of work; it is saved with the caller's next SaveChanges.</summary>
    public AuditEvent Add(
        string type,
        PortalUser? actor,
        Guid? organisationId = null,
        PortalUser? target = null,
        object? details = null,
        string? actorEmail = null)
    {
        var http = httpContextAccessor.HttpContext;
        var userAgent = http?.Request.Headers.UserAgent.ToString();
        var auditEvent = new AuditEvent
        {
            OccurredAt = clock.GetUtcNow(),
            Type = type,
            ActorUserId = actor?.Id,
            ActorEmail = actor?.Email ?? actorEmail,
            OrganisationId = organisationId,
            TargetUserId = target?.Id,
            TargetEmail = target?.Email,
            ClientAddress = http?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)],
            Details = details is null ? null : JsonSerializer.Serialize(details),
        };
        db.AuditEvents.Add(auditEvent);
        return auditEvent;
    }

    /// <summary>Records an event and saves it at once.</summary>
    public async Task WriteAsync(
        string type,
        PortalUser? actor,
        Guid? organisationId = null,
        PortalUser? target = null,
        object? details = null,
        string? actorEmail = null,
        CancellationToken cancellationToken = default)
    {
        Add(type, actor, organisationId, target, details, actorEmail);
        await db.SaveChangesAsync(cancellationToken);
    }
}
