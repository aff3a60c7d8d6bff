namespace Portal.Web.Infrastructure.Mail.Templates;

public sealed record PasswordResetEmail(string ResetPath) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Reset your Portal password"),
        [T("Someone asked to reset the password of your Portal account. If it was you, choose a new password with the button below. The link works once and expires in one hour."),
         T("If it wasn't you, ignore this e-mail: your password stays as it is.")],
        new MailAction(T("Choose a new password"), ResetPath));
}

public sealed record PasswordChangedEmail(string Account) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("Your Portal password was changed");
}

/// <summary>The link that confirms a new e-mail login for an old username; the address may have no account yet.</summary>
public sealed record LegacyConfirmationEmail(string Username, string ConfirmPath) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Confirm your new Portal login"),
        [T("You asked to replace your old username {0} with this e-mail address as your Portal login.", Username),
         T("Confirm with the button below; the link works once and expires in 24 hours. Afterwards the old username no longer logs in."),
         T("If it wasn't you, ignore this e-mail: nothing changes.")],
        new MailAction(T("Confirm my new login"), ConfirmPath));
}
