namespace Portal.Web.Infrastructure.Mail.Templates;

public sealed record AuthenticatorAddedEmail(string Account, string Name) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("An authenticator app was added to your Portal account");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("The authenticator app \"{0}\" was added. Logging in now asks for a code from an authenticator app.", Name)];
}

public sealed record AuthenticatorRenamedEmail(string Account, string OldName, string NewName) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("An authenticator app of your Portal account was renamed");

    protected override IEnumerable<MailText> WhatChanged => [T("The authenticator app \"{0}\" is now called \"{1}\".", OldName, NewName)];
}

public sealed record AuthenticatorRemovedEmail(string Account, string Name, bool TwoFactorTurnedOff) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("An authenticator app was removed from your Portal account");

    protected override IEnumerable<MailText> WhatChanged => TwoFactorTurnedOff
        ? [T("The authenticator app \"{0}\" was removed. Its codes no longer log you in.", Name),
           T("It was your last authenticator app, so two-factor authentication is now off and your backup codes were removed.")]
        : [T("The authenticator app \"{0}\" was removed. Its codes no longer log you in.", Name)];
}

public sealed record BackupCodesGeneratedEmail(string Account) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("New backup codes for your Portal account");

    protected override IEnumerable<MailText> WhatChanged => [T("A new set of backup codes was created. The previous codes no longer work.")];
}

public sealed record TwoFactorTurnedOffEmail(string Account) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("Two-factor authentication was turned off for your Portal account");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("Logging in now needs only your password. Your authenticator apps and backup codes were removed.")];
}

public sealed record BackupEmailChangedEmail(string Account, string NewAddress) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("The backup e-mail of your Portal account was changed");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("The backup e-mail is now {0}. It can be used once the link we sent to that address is clicked.", NewAddress)];
}

public sealed record BackupEmailRemovedEmail(string Account, string OldAddress) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("The backup e-mail of your Portal account was removed");

    protected override IEnumerable<MailText> WhatChanged => [T("{0} is no longer the backup e-mail of your account.", OldAddress)];
}

/// <summary>To the address that stops being the backup e-mail, so its owner hears of a change they did not make.</summary>
public sealed record NoLongerBackupEmail(string Account) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("This address is no longer a backup e-mail for Portal"),
        [T("This address is no longer the backup e-mail of the Portal account {0}.", Account),
         T("If this was you, there is nothing to do. If it wasn't, reset your password at once and contact your organisation's administrator.")]);
}

public sealed record BackupEmailVerificationEmail(string Account, string VerifyPath) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Confirm your backup e-mail for Portal"),
        [T("You asked to use this address as the backup e-mail of your Portal account {0}. If you lose your phone, you can then log in with a one-time code sent here.", Account),
         T("Confirm the address with the button below. The link works for 24 hours."),
         T("If you did not ask for this, ignore this e-mail.")],
        new MailAction(T("Confirm this address"), VerifyPath));
}

public sealed record BackupEmailLoginCodeEmail(string Code) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Your Portal login code"),
        [T("Your one-time code to log in to Portal: {0}", Code),
         T("It works once and expires in 10 minutes. Never give it to anyone: Portal staff will never ask for it."),
         T("If you did not try to log in, someone knows your password: change it at once.")]);
}

public sealed record SignedInWithBackupCodeEmail(string Account, int Remaining) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("A backup code was used to log in to your Portal account");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("Someone logged in to your account with one of your backup codes. Backup codes left: {0}.", Remaining)];
}

public sealed record SignedInWithBackupEmailEmail(string Account) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("A code sent to your backup e-mail was used to log in to your Portal account");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("Someone logged in to your account with a one-time code sent to your backup e-mail.")];
}
