namespace Portal.Web.Infrastructure.Mail.Templates;

public sealed record PasskeyAddedEmail(string Account, string Name) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("A passkey was added to your Portal account");

    protected override IEnumerable<MailText> WhatChanged => [T("The passkey \"{0}\" was added. You can now log in with it.", Name)];
}

public sealed record PasskeyRenamedEmail(string Account, string OldName, string NewName) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("A passkey of your Portal account was renamed");

    protected override IEnumerable<MailText> WhatChanged => [T("The passkey \"{0}\" is now called \"{1}\".", OldName, NewName)];
}

public sealed record PasskeyRemovedEmail(string Account, string Name) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("A passkey was removed from your Portal account");

    protected override IEnumerable<MailText> WhatChanged => [T("The passkey \"{0}\" was removed. It no longer logs you in.", Name)];
}

/// <summary>
/// A sign-in refused because the passkey's signature counter went backwards (WebAuthn Level 3
/// §6.1.1): a sign that someone may hold a copy of the key.
/// </summary>
public sealed record PasskeyCounterRegressedEmail(string Account) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("A login with one of your passkeys was refused");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("A passkey of your account answered with a signature counter lower than before. This can mean that someone copied the key, so the login was refused."),
         T("Remove that passkey on the security page and add it again, or use another one.")];
}
