using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Localization;
using Portal.Core.Accounts;
using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// Composes the portal's e-mails in the recipient's language and queues them. Each message is a
/// greeting, a few paragraphs and at most one button, in HTML and in plain text.
/// </summary>
public sealed class PortalEmails(
    MailOutbox queue,
    LinkBuilder links,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider clock,
    IHttpContextAccessor httpContextAccessor)
{
    public void PasswordReset(PortalUser user, string resetPath) => Send(
        user,
        T("Reset your Portal password"),
        [T("Someone asked to reset the password of your Portal account. If it was you, choose a new password with the button below. The link works once and expires in one hour."),
         T("If it wasn't you, ignore this e-mail: your password stays as it is.")],
        (T("Choose a new password"), links.Absolute(resetPath)));

    public void PasswordChanged(PortalUser user) => SecurityNotice(user, T("Your Portal password was changed"));

    /// <summary>The link that confirms a new e-mail login for an old username; the address may have no account yet.</summary>
    public void LegacyConfirmation(string email, string displayName, string username, string confirmPath) => Send(
        email,
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
        displayName,
        T("Confirm your new Portal login"),
        [T("You asked to replace your old username {0} with this e-mail address as your Portal login.", username),
         T("Confirm with the button below; the link works once and expires in 24 hours. Afterwards the old username no longer logs in."),
         T("If it wasn't you, ignore this e-mail: nothing changes.")],
        (T("Confirm my new login"), links.Absolute(confirmPath)));

    /// <summary>
    /// A notice after a change that weakens or alters an account (design.md): it names when and
    /// from where, and what to do if it was not the account owner.
    /// </summary>
    public void SecurityNotice(PortalUser user, MailText subject) => Send(
        user,
        subject,
        [T("This is a notice about your account {0}.", user.Email ?? ""),
         T("When: {0} (UTC). From address: {1}.", clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), ClientAddress()),
         T("If this was you, there is nothing to do. If it wasn't, reset your password at once and contact your office's administrator.")],
        (T("Review your security settings"), links.Absolute("/account/security")));

    /// <summary>
    /// To someone who may have no account yet, and so no language of their own: English (the
    /// portal's default), whatever language the inviting admin reads the portal in.
    /// </summary>
    public void Invitation(string email, string organisationName, string invitedBy, string invitePath, DateTimeOffset expiresAt) => Send(
        email,
        "en",
        email,
        T("You are invited to join {0} on Portal", organisationName),
        [T("{0} invited you to join {1} on Portal, the customer portal of your accounting software.", invitedBy, organisationName),
         T("Accept with the button below. If you are new to Portal, you choose your name and a password; if you already have an account with this e-mail address, you log in and join. The link works once and expires on {0} (UTC).", expiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
         T("If you did not expect this invitation, ignore this e-mail.")],
        (T("Accept the invitation"), links.Absolute(invitePath)));

    public void RoleChanged(PortalUser member, string organisationName, bool isAdmin) => Send(
        member,
        T("Your role in {0} changed", organisationName),
        [isAdmin
            ? T("An administrator of {0} made you an administrator: you can now invite colleagues, manage members and change the organisation's settings.", organisationName)
            : T("An administrator of {0} changed your role to member: you keep access to the organisation's environments, but no longer to its administration.", organisationName),
         T("If you think this is a mistake, contact your office's administrator.")],
        (T("Open Portal"), links.Absolute("/")));

    public void RemovedFromOrganisation(PortalUser member, string organisationName) => Send(
        member,
        T("You were removed from {0}", organisationName),
        [T("An administrator of {0} removed you from the organisation: you no longer have access to its environments and clients.", organisationName),
         T("Your Portal login stays, with your other organisations. If you think this is a mistake, contact your office's administrator.")],
        (T("Open Portal"), links.Absolute("/")));

    /// <summary>
    /// English text (with its arguments) that <c>Send</c> translates in the recipient's
    /// language; LocalizationTests finds the keys by this call.
    /// </summary>
    private static MailText T(string english, params object[] arguments) => new(english, arguments);

    private void Send(PortalUser recipient, MailText subject, MailText[] paragraphs, (MailText Label, string Url)? action) =>
        Send(recipient.Email!, recipient.PreferredLanguage, GreetingName(recipient), subject, paragraphs, action);

    /// <summary>For an address that is not a login (a backup e-mail), in the language of the person it belongs to.</summary>
    private void Send(string address, string? language, string greetingName, MailText subject, MailText[] paragraphs, (MailText Label, string Url)? action)
    {
        using var _ = new CultureScope(language);
        var greeting = localizer["Hello {0},", greetingName];
        var localized = paragraphs.Select(Translate).ToList();
        var button = action is { } a ? (Label: Translate(a.Label), a.Url) : default;

        var text = new StringBuilder().AppendLine(greeting).AppendLine();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif;color:#1f2937\">")
            .Append("<p>").Append(HtmlEncoder.Default.Encode(greeting)).Append("</p>");
        foreach (var paragraph in localized)
        {
            text.AppendLine(paragraph).AppendLine();
            html.Append("<p>").Append(HtmlEncoder.Default.Encode(paragraph)).Append("</p>");
        }

        if (action is not null)
        {
            text.Append(button.Label).Append(": ").AppendLine(button.Url).AppendLine();
            html.Append("<p><a href=\"").Append(HtmlEncoder.Default.Encode(button.Url))
                .Append("\" style=\"background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">")
                .Append(HtmlEncoder.Default.Encode(button.Label)).Append("</a></p>");
        }

        var signature = localizer["— Portal"];
        text.AppendLine(signature);
        html.Append("<p>").Append(HtmlEncoder.Default.Encode(signature)).Append("</p></body></html>");
        queue.Enqueue(new OutgoingMail(address, Translate(subject), html.ToString(), text.ToString()));
    }

    private static string GreetingName(PortalUser user) =>
        string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName;

    private string Translate(MailText text) => localizer[text.Key, text.Arguments];

    private string ClientAddress() =>
        httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "-";

    /// <summary>A <see cref="SecurityNotice(PortalUser, MailText)"/> that also says what changed.</summary>
    public void SecurityNotice(PortalUser user, MailText subject, params MailText[] whatChanged) => Send(
        user,
        subject,
        [T("This is a notice about your account {0}.", user.Email ?? ""),
         .. whatChanged,
         T("When: {0} (UTC). From address: {1}.", clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), ClientAddress()),
         T("If this was you, there is nothing to do. If it wasn't, reset your password at once and contact your office's administrator.")],
        (T("Review your security settings"), links.Absolute("/account/security")));

    public void AuthenticatorAdded(PortalUser user, string name) => SecurityNotice(
        user,
        T("An authenticator app was added to your Portal account"),
        T("The authenticator app \"{0}\" was added. Signing in now asks for a code from an authenticator app.", name));

    public void AuthenticatorRenamed(PortalUser user, string oldName, string newName) => SecurityNotice(
        user,
        T("An authenticator app of your Portal account was renamed"),
        T("The authenticator app \"{0}\" is now called \"{1}\".", oldName, newName));

    public void AuthenticatorRemoved(PortalUser user, string name, bool twoFactorTurnedOff) => SecurityNotice(
        user,
        T("An authenticator app was removed from your Portal account"),
        twoFactorTurnedOff
            ? [T("The authenticator app \"{0}\" was removed. Its codes no longer sign you in.", name),
               T("It was your last authenticator app, so two-factor authentication is now off and your backup codes were removed.")]
            : [T("The authenticator app \"{0}\" was removed. Its codes no longer sign you in.", name)]);

    public void BackupCodesGenerated(PortalUser user) => SecurityNotice(
        user,
        T("New backup codes for your Portal account"),
        T("A new set of backup codes was created. The previous codes no longer work."));

    public void TwoFactorTurnedOff(PortalUser user) => SecurityNotice(
        user,
        T("Two-factor authentication was turned off for your Portal account"),
        T("Signing in now needs only your password. Your authenticator apps and backup codes were removed."));

    public void BackupEmailChanged(PortalUser user, string newAddress) => SecurityNotice(
        user,
        T("The backup e-mail of your Portal account was changed"),
        T("The backup e-mail is now {0}. It can be used once the link we sent to that address is clicked.", newAddress));

    public void BackupEmailRemoved(PortalUser user, string oldAddress) => SecurityNotice(
        user,
        T("The backup e-mail of your Portal account was removed"),
        T("{0} is no longer the backup e-mail of your account.", oldAddress));

    /// <summary>To the address that stops being the backup e-mail, so its owner hears of a change they did not make.</summary>
    public void NoLongerBackupEmail(PortalUser user, string oldAddress) => Send(
        oldAddress,
        user.PreferredLanguage,
        GreetingName(user),
        T("This address is no longer a backup e-mail for Portal"),
        [T("This address is no longer the backup e-mail of the Portal account {0}.", user.Email ?? ""),
         T("If this was you, there is nothing to do. If it wasn't, reset your password at once and contact your office's administrator.")],
        null);

    public void BackupEmailVerification(PortalUser user, string verifyPath) => Send(
        user.BackupEmail!,
        user.PreferredLanguage,
        GreetingName(user),
        T("Confirm your backup e-mail for Portal"),
        [T("You asked to use this address as the backup e-mail of your Portal account {0}. If you lose your phone, you can then sign in with a one-time code sent here.", user.Email ?? ""),
         T("Confirm the address with the button below. The link works for 24 hours."),
         T("If you did not ask for this, ignore this e-mail.")],
        (T("Confirm this address"), links.Absolute(verifyPath)));

    public void BackupEmailLoginCode(PortalUser user, string address, string code) => Send(
        address,
        user.PreferredLanguage,
        GreetingName(user),
        T("Your Portal sign-in code"),
        [T("Your one-time code to sign in to Portal: {0}", code),
         T("It works once and expires in 10 minutes. Never give it to anyone: Portal staff will never ask for it."),
         T("If you did not try to sign in, someone knows your password: change it at once.")],
        null);

    public void SignedInWithBackupCode(PortalUser user, int remaining) => SecurityNotice(
        user,
        T("A backup code was used to sign in to your Portal account"),
        T("Someone signed in to your account with one of your backup codes. Backup codes left: {0}.", remaining));

    public void SignedInWithBackupEmail(PortalUser user) => SecurityNotice(
        user,
        T("A code sent to your backup e-mail was used to sign in to your Portal account"),
        T("Someone signed in to your account with a one-time code sent to your backup e-mail."));

    /// <summary>To a member without 2FA when their organisation starts requiring it, and for a reminder.</summary>
    public void MfaRequired(PortalUser member, string organisationName, DateTimeOffset deadline) => Send(
        member,
        T("{0} requires two-factor authentication", organisationName),
        [T("The administrators of {0} require two-factor authentication of every member. From {1} (UTC) you can open {0} only after you set it up.", organisationName, Utc(deadline)),
         T("Setting it up takes two minutes: install an authenticator app on your phone, scan the QR code on the security page and save your backup codes.")],
        (T("Set up two-factor authentication"), links.Absolute("/account/security/authenticators/add")));

    /// <summary>To the admins when an organisation stops requiring 2FA.</summary>
    public void MfaNoLongerRequired(PortalUser admin, string organisationName, string organisationSlug, string changedBy) => Send(
        admin,
        T("{0} no longer requires two-factor authentication", organisationName),
        [T("{0} switched off the requirement of two-factor authentication for {1}. Members may now work in {1} without it.", changedBy, organisationName),
         T("If this was not agreed, switch it on again in the organisation's settings.")],
        (T("Open the settings"), links.Absolute($"/o/{organisationSlug}/admin/settings")));

    /// <summary>To the member whose MFA an admin reset.</summary>
    public void MfaResetByAdmin(PortalUser member, string organisationName, string resetBy) => SecurityNotice(
        member,
        T("Your two-factor authentication was reset"),
        T("{0}, administrator of {1}, reset your two-factor authentication: your authenticator apps, backup codes and remembered devices were removed, and all your sessions were signed out.", resetBy, organisationName),
        T("At your next login you set up an authenticator app again if one of your organisations requires it."));

    /// <summary>To every admin of the organisation when the MFA of one of its admins was reset.</summary>
    public void AdminMfaWasReset(PortalUser admin, string organisationName, string resetBy, string resetFor) => Send(
        admin,
        T("The two-factor authentication of an administrator of {0} was reset", organisationName),
        [T("{0} reset the two-factor authentication of {1}, administrator of {2}.", resetBy, resetFor, organisationName),
         T("If this was not agreed, check the organisation's audit log and contact Portal support.")],
        (T("Open Portal"), links.Absolute("/")));

    private static string Utc(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public void RecoveryRequested(PortalUser user, string statusPath) => Send(
        user,
        T("We received your request to reset two-factor authentication"),
        [T("We received a request to turn off two-factor authentication for your Portal account {0}, because every second factor was lost.", user.Email ?? ""),
         T("Our support team checks the documents and calls you back before deciding. You can follow the request, or cancel it, with the button below."),
         T("If you did not ask for this, cancel the request at once and change your password: someone knows it.")],
        (T("See the request"), links.Absolute(statusPath)));

    public void RecoveryApproved(PortalUser user, DateTimeOffset effectiveAt, string statusPath) => Send(
        user,
        T("Your request to reset two-factor authentication was approved"),
        [T("Support approved the request to turn off two-factor authentication for your Portal account {0}.", user.Email ?? ""),
         T("For your security it takes effect on {0} (UTC). After that, log in with your password and set up a new authenticator app.", effectiveAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
         T("This wasn't you? Cancel it with the button below before then, and change your password.")],
        (T("This wasn't me: cancel"), links.Absolute(statusPath)));

    public void RecoveryRejected(PortalUser user, string reason) => Send(
        user,
        T("Your request to reset two-factor authentication was rejected"),
        [T("Support could not approve the request to turn off two-factor authentication for your Portal account {0}.", user.Email ?? ""),
         T("Reason: {0}", reason),
         T("Your identity documents were deleted. You may send a new request with the missing information.")],
        null);

    public void RecoveryCompleted(PortalUser user) => SecurityNotice(
        user,
        T("Two-factor authentication was reset for your Portal account"),
        T("As you asked support, your authenticator apps and backup codes were removed and every session was signed out. Log in with your password and set up a new authenticator app."));

    public void RecoveryCompletedForAdmin(PortalUser admin, PortalUser member, string organisationName) => Send(
        admin,
        T("Two-factor authentication of {0} was reset", member.Email ?? ""),
        [T("Portal support reset the two-factor authentication of {0}, a member of {1}, after checking their identity.", member.Email ?? "", organisationName),
         T("They set up a new authenticator app at their next login. If you think this is a mistake, contact support.")],
        null);
}

/// <summary>A sentence of an e-mail: its English key and the values of its placeholders.</summary>
public sealed record MailText(string Key, object[] Arguments);
