using Portal.Core.Accounts;
using Portal.Core.Mail;
using Portal.Core.Mfa;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Mail.Templates;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// The web's half of the notices Core commands raise: each <see cref="SecurityNotice"/> becomes its
/// e-mail (SecurityNoticeMailTests checks that every notice has one) and joins the outbox of the
/// command's unit of work through <see cref="Mailer"/>.
/// </summary>
public sealed class SecurityNoticeMail(Mailer mailer) : ISecurityNoticeMail
{
    public void Queue(PortalUser person, SecurityNotice notice) => mailer.Send(person, EmailFor(person, notice));

    public void Queue(string address, PortalUser person, SecurityNotice notice) =>
        mailer.Send(address, person.PreferredLanguage, Mailer.GreetingName(person), EmailFor(person, notice), person.TimeZone);

    public static PortalEmail EmailFor(PortalUser person, SecurityNotice notice)
    {
        var account = person.Email!;
        return notice switch
        {
            AuthenticatorAddedNotice added => new AuthenticatorAddedEmail(account, added.Name),
            AuthenticatorRenamedNotice renamed => new AuthenticatorRenamedEmail(account, renamed.OldName, renamed.NewName),
            AuthenticatorRemovedNotice removed => new AuthenticatorRemovedEmail(account, removed.Name, removed.TwoFactorTurnedOff),
            BackupCodesGeneratedNotice => new BackupCodesGeneratedEmail(account),
            TwoFactorTurnedOffNotice => new TwoFactorTurnedOffEmail(account),
            BackupEmailChangedNotice changed => new BackupEmailChangedEmail(account, changed.NewAddress),
            BackupEmailRemovedNotice removed => new BackupEmailRemovedEmail(account, removed.OldAddress),
            NoLongerBackupEmailNotice => new NoLongerBackupEmail(account),
            PasskeyAddedNotice added => new PasskeyAddedEmail(account, added.Name),
            PasskeyRenamedNotice renamed => new PasskeyRenamedEmail(account, renamed.OldName, renamed.NewName),
            PasskeyRemovedNotice removed => new PasskeyRemovedEmail(account, removed.Name),
            PasskeyCounterRegressedNotice => new PasskeyCounterRegressedEmail(account),
            PasswordChangedNotice => new PasswordChangedEmail(account),
            RecoveryCompletedNotice => new RecoveryCompletedEmail(account),
            RecoveryCompletedForAdminNotice completed => new RecoveryCompletedForAdminEmail(completed.Member, completed.OrganisationName),
            _ => throw new ArgumentOutOfRangeException(nameof(notice), notice.GetType().Name, "A notice without an e-mail."),
        };
    }
}
