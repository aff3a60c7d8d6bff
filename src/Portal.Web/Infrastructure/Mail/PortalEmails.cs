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
        new PortalUser { Email = email, DisplayName = displayName, PreferredLanguage = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName },
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
    /// English text (with its arguments) that <see cref="Send"/> translates in the recipient's
    /// language; LocalizationTests finds the keys by this call.
    /// </summary>
    private static MailText T(string english, params object[] arguments) => new(english, arguments);

    private void Send(PortalUser recipient, MailText subject, MailText[] paragraphs, (MailText Label, string Url)? action)
    {
        using var _ = new CultureScope(recipient.PreferredLanguage);
        var greeting = localizer["Hello {0},", string.IsNullOrWhiteSpace(recipient.DisplayName) ? recipient.Email ?? "" : recipient.DisplayName];
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
        queue.Enqueue(new OutgoingMail(recipient.Email!, Translate(subject), html.ToString(), text.ToString()));
    }

    private string Translate(MailText text) => localizer[text.Key, text.Arguments];

    private string ClientAddress() =>
        httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "-";
}

/// <summary>A sentence of an e-mail: its English key and the values of its placeholders.</summary>
public sealed record MailText(string Key, object[] Arguments);
