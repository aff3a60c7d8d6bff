using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Portal.Core.Data;

namespace Portal.Core.Mail;

/// <summary>
/// Puts e-mails into the durable outbox. Like <see cref="Audit.AuditLog.Add"/>, a message joins the
/// unit of work: it commits with the caller's next SaveChanges (and so with the change that caused
/// it, or not at all). Pages that queue a message after their command saved get it committed by
/// <see cref="SaveAsync"/>, which the web layer calls before any response leaves.
/// </summary>
public sealed class MailOutbox(PortalDbContext db, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    /// <summary>The Data Protection purpose of outbox payloads.</summary>
    public const string PayloadPurpose = "Portal.Mail.Outbox.v1";

    /// <summary>The domain of generated Message-IDs.</summary>
    public const string MessageIdDomain = "portal.mail";

    public OutboxMessage Add(string recipient, string? language, string template, string payloadJson)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var message = new OutboxMessage
        {
            Id = id,
            MessageId = $"{id:N}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}@{MessageIdDomain}",
            Recipient = recipient,
            Language = language,
            Template = template,
            ProtectedPayload = Protector(dataProtection).Protect(payloadJson),
            Status = OutboxStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
            GiveUpAt = clock.GetUtcNow() + OutboxPolicy.GiveUpAfter,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>True when messages of this unit of work still wait to be committed.</summary>
    public bool HasUnsaved => db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Added);

    /// <summary>Commits the messages queued since the last SaveChanges (a no-op when there are none).</summary>
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        if (HasUnsaved)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public static IDataProtector Protector(IDataProtectionProvider provider) => provider.CreateProtector(PayloadPurpose);
}
