namespace Portal.Web.Infrastructure.Mail.Templates;

public sealed record RecoveryRequestedEmail(string Account, string StatusPath) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("We received your request to reset two-factor authentication"),
        [T("We received a request to turn off two-factor authentication for your Portal account {0}, because every second factor was lost.", Account),
         T("Our support team checks the documents and calls you back before deciding. You can follow the request, or cancel it, with the button below."),
         T("If you did not ask for this, cancel the request at once and change your password: someone knows it.")],
        new MailAction(T("See the request"), StatusPath));
}

public sealed record RecoveryApprovedEmail(string Account, DateTimeOffset EffectiveAt, string StatusPath) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Your request to reset two-factor authentication was approved"),
        [T("Support approved the request to turn off two-factor authentication for your Portal account {0}.", Account),
         T("For your security it takes effect on {0}. After that, log in with your password and set up a new authenticator app.", When(context, EffectiveAt)),
         T("This wasn't you? Cancel it with the button below before then, and change your password.")],
        new MailAction(T("This wasn't me: cancel"), StatusPath));
}

public sealed record RecoveryRejectedEmail(string Account, string Reason) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Your request to reset two-factor authentication was rejected"),
        [T("Support could not approve the request to turn off two-factor authentication for your Portal account {0}.", Account),
         T("Reason: {0}", Reason),
         T("Your identity documents were deleted. You may send a new request with the missing information.")]);
}

public sealed record RecoveryCompletedEmail(string Account) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("Two-factor authentication was reset for your Portal account");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("As you asked support, your authenticator apps and backup codes were removed and every session was logged out. Log in with your password and set up a new authenticator app.")];
}

public sealed record RecoveryCompletedForAdminEmail(string Member, string OrganisationName) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Two-factor authentication of {0} was reset", Member),
        [T("Portal support reset the two-factor authentication of {0}, a member of {1}, after checking their identity.", Member, OrganisationName),
         T("They set up a new authenticator app at their next login. If you think this is a mistake, contact support.")]);
}
