namespace Portal.Web.Infrastructure.Mail.Templates;

/// <summary>
/// A sign-in from a browser that had not signed in to the account before (OWASP ASVS 5.0 V6.3.5):
/// when, which browser and system, from which address, and where to end the session.
/// </summary>
public sealed record NewSignInEmail(string Account, string Browser) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("New login to your Portal account"),
        [T("Someone just logged in to your account {0} from a browser that had never been used for it before.", Account),
         T("When: {0}. Browser: {1}. IP address: {2}.", When(context, context.QueuedAt), Browser, context.ClientAddress ?? "-"),
         T("If this was you, there is nothing to do. If it wasn't, log that session out, change your password at once and contact your organisation's administrator.")],
        new MailAction(T("See where you are logged in"), "/account/security/sessions"));
}
