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
    /// English text (with its arguments) that Send translates in the recipient's
    /// language; LocalizationTests finds the keys by this call.
    /// </summary>
    private static MailText T(string english, params object[] arguments) => new(english, arguments);

    private void Send(PortalUser recipient, MailText subject, MailText[] paragraphs, (MailText Label, string Url)? action) => Send(
        recipient.Email!,
        recipient.PreferredLanguage,
        string.IsNullOrWhiteSpace(recipient.DisplayName) ? recipient.Email! : recipient.DisplayName,
        subject,
        paragraphs,
        action);

    /// <summary>Composes inside the recipient's language, so texts with values are translated whole.</summary>
    private void Send(string email, string? language, string name, MailText subject, MailText[] paragraphs, (MailText Label, string Url)? action)
    {
        using var _ = new CultureScope(language);
        var greeting = localizer["Hello {0},", name];
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
        queue.Enqueue(new OutgoingMail(email, Translate(subject), html.ToString(), text.ToString()));
    }

    private string Translate(MailText text) => localizer[text.Key, text.Arguments];

    private string ClientAddress() =>
        httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "-";
}

/// <summary>A sentence of an e-mail: its English key and the values of its placeholders.</summary>
public sealed record MailText(string Key, object[] Arguments);
