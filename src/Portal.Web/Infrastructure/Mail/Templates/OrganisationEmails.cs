namespace Portal.Web.Infrastructure.Mail.Templates;

/// <summary>
/// To someone who may have no account yet, and so no language of their own: English (the
/// portal's default), whatever language the inviting admin reads the portal in.
/// </summary>
public sealed record InvitationEmail(string OrganisationName, string InvitedBy, string InvitePath, DateTimeOffset ExpiresAt) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("You are invited to join {0} on Portal", OrganisationName),
        [T("{0} invited you to join {1} on Portal, the customer portal of your accounting software.", InvitedBy, OrganisationName),
         T("Accept with the button below. If you are new to Portal, you choose your name and a password; if you already have an account with this e-mail address, you log in and join. The link works once and expires on {0}.", When(context, ExpiresAt)),
         T("If you did not expect this invitation, ignore this e-mail.")],
        new MailAction(T("Accept the invitation"), InvitePath));
}

public sealed record RoleChangedEmail(string OrganisationName, bool IsAdmin) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("Your role in {0} changed", OrganisationName),
        [IsAdmin
            ? T("An administrator of {0} made you an administrator: you can now invite colleagues, manage members and change the organisation's settings.", OrganisationName)
            : T("An administrator of {0} changed your role to member: you keep access to the organisation's environments, but no longer to its administration.", OrganisationName),
         T("If you think this is a mistake, contact your organisation's administrator.")],
        new MailAction(T("Open Portal"), "/"));
}

public sealed record RemovedFromOrganisationEmail(string OrganisationName) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("You were removed from {0}", OrganisationName),
        [T("An administrator of {0} removed you from the organisation: you no longer have access to its environments and clients.", OrganisationName),
         T("Your Portal login stays, with your other organisations. If you think this is a mistake, contact your organisation's administrator.")],
        new MailAction(T("Open Portal"), "/"));
}

/// <summary>To a member without 2FA when their organisation starts requiring it, and for a reminder.</summary>
public sealed record MfaRequiredEmail(string OrganisationName, DateTimeOffset Deadline, bool Passkeys = false) : PortalEmail
{
    public override MailContent Compose(MailContext context) => Passkeys ? ComposePasskeys(context) : new(
        T("{0} requires two-factor authentication", OrganisationName),
        [T("The administrators of {0} require two-factor authentication of every member. From {1} you can open {0} only after you set it up.", OrganisationName, When(context, Deadline)),
         T("Setting it up takes two minutes: install an authenticator app on your phone, scan the QR code on the security page and save your backup codes.")],
        new MailAction(T("Set up two-factor authentication"), "/account/security/authenticators/add"));

    /// <summary>"Require passkeys": an authenticator app no longer meets the requirement.</summary>
    private MailContent ComposePasskeys(MailContext context) => new(
        T("{0} requires a passkey", OrganisationName),
        [T("The administrators of {0} require every member to log in with a passkey. From {1} you can open {0} only after you add one.", OrganisationName, When(context, Deadline)),
         T("A passkey replaces the code from your phone: your laptop's fingerprint reader or your phone unlocks it, and it cannot be used on a fake website. Add one on the security page; it takes a minute.")],
        new MailAction(T("Add a passkey"), "/account/security/passkeys/add"));
}

/// <summary>To the admins when an organisation stops requiring 2FA.</summary>
public sealed record MfaNoLongerRequiredEmail(string OrganisationName, string OrganisationSlug, string ChangedBy) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("{0} no longer requires two-factor authentication", OrganisationName),
        [T("{0} switched off the requirement of two-factor authentication for {1}. Members may now work in {1} without it.", ChangedBy, OrganisationName),
         T("If this was not agreed, switch it on again in the organisation's settings.")],
        new MailAction(T("Open the settings"), $"/o/{OrganisationSlug}/admin/settings"));
}

/// <summary>To the member whose MFA an admin reset.</summary>
public sealed record MfaResetByAdminEmail(string Account, string OrganisationName, string ResetBy) : SecurityNoticeEmail(Account)
{
    protected override MailText Subject => T("Your two-factor authentication was reset");

    protected override IEnumerable<MailText> WhatChanged =>
        [T("{0}, administrator of {1}, reset your two-factor authentication: your authenticator apps, backup codes and remembered devices were removed, and all your sessions were logged out.", ResetBy, OrganisationName),
         T("At your next login you set up an authenticator app again if one of your organisations requires it.")];
}

/// <summary>To every admin of the organisation when the MFA of one of its admins was reset.</summary>
public sealed record AdminMfaWasResetEmail(string OrganisationName, string ResetBy, string ResetFor) : PortalEmail
{
    public override MailContent Compose(MailContext context) => new(
        T("The two-factor authentication of an administrator of {0} was reset", OrganisationName),
        [T("{0} reset the two-factor authentication of {1}, administrator of {2}.", ResetBy, ResetFor, OrganisationName),
         T("If this was not agreed, check the organisation's audit log and contact Portal support.")],
        new MailAction(T("Open Portal"), "/"));
}
