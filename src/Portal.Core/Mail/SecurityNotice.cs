using Portal.Core.Accounts;

namespace Portal.Core.Mail;

/// <summary>
/// A notice e-mail raised by the Core command that changed an account (design.md: every change that
/// weakens or alters an account is notified). Core names the notice and its parameters; the web
/// renders it (its template registry maps each notice to an e-mail).
/// </summary>
public abstract record SecurityNotice;

/// <summary>
/// Where Core commands queue their notices: into the current unit of work's outbox
/// (<see cref="MailOutbox"/>), so a notice commits with the command's SaveChanges, in the same
/// transaction as the change and its audit event, or not at all. The web implements it: it knows
/// the client address and the templates.
/// </summary>
public interface ISecurityNoticeMail
{
    /// <summary>To the person's login address, in their language.</summary>
    void Queue(PortalUser person, SecurityNotice notice);

    /// <summary>To another address of the person (the backup e-mail that stops being one), in their language.</summary>
    void Queue(string address, PortalUser person, SecurityNotice notice);
}
