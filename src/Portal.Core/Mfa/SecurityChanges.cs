using Microsoft.AspNetCore.Identity;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Mail;

namespace Portal.Core.Mfa;

/// <summary>
/// What follows every change to a person's second factors, in one place: a new security stamp
/// (remembered devices and e-mailed links issued before die), the person's other sessions end
/// (OWASP ASVS 5.0 V7.4.3), an audit event (V16.2) and, when the command names one, the notice
/// e-mail to the person, committed in the same SaveChanges as the change and its audit event.
/// </summary>
public sealed class SecurityChanges(UserManager<PortalUser> users, UserSessionService sessions, AuditLog audit, ISecurityNoticeMail notices)
{
    /// <summary>
    /// Saves the pending changes with the audit event and a new stamp, then ends every session of
    /// <paramref name="user"/> except <paramref name="keepSession"/> (none kept when it is null).
    /// <paramref name="actor"/> is who made the change when it was not the person (an admin or support agent).
    /// </summary>
    public async Task RecordAsync(
        PortalUser user,
        string auditType,
        Guid? keepSession,
        object? details = null,
        PortalUser? actor = null,
        Guid? organisationId = null,
        SecurityNotice? notice = null)
    {
        audit.Add(auditType, actor ?? user, organisationId, target: actor is null ? null : user, details: details);
        if (notice is not null)
        {
            notices.Queue(user, notice);
        }

        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "The account changed at the same moment; nothing was saved: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }

        await sessions.RevokeAllAsync(user.Id, keep: keepSession);
    }
}
