using Portal.Web.Infrastructure.Localization;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>
/// One kind of e-mail: a record whose properties are the message's parameters (stored, encrypted,
/// in the outbox) and whose <see cref="Compose"/> says what it reads, in English keys that
/// <see cref="MailRenderer"/> translates into the recipient's language at send time. Adding an
/// e-mail means adding one of these under Templates/; the record's name is its template name.
/// </summary>
public abstract record PortalEmail
{
    public abstract MailContent Compose(MailContext context);

    /// <summary>English text (with its arguments) translated at send time; LocalizationTests finds the keys by this call.</summary>
    protected static MailText T(string english, params object[] arguments) => new(english, arguments);

    /// <summary>A moment as the recipient reads it: in their time zone and (at send time) their language.</summary>
    protected static string When(MailContext context, DateTimeOffset moment) => LocalTime.DateAndTime(moment, LocalTime.Zone(context.TimeZone));
}

/// <summary>
/// A notice after a change that weakens or alters an account (design.md): it names when and from
/// where, and what to do if it was not the account owner.
/// </summary>
public abstract record SecurityNoticeEmail(string Account) : PortalEmail
{
    protected abstract MailText Subject { get; }

    protected virtual IEnumerable<MailText> WhatChanged => [];

    public sealed override MailContent Compose(MailContext context) => new(
        Subject,
        [T("This is a notice about your account {0}.", Account),
         .. WhatChanged,
         T("When: {0}. IP address: {1}.", When(context, context.QueuedAt), context.ClientAddress ?? "-"),
         T("If this was you, there is nothing to do. If it wasn't, reset your password at once and contact your organisation's administrator.")],
        new MailAction(T("Review your security settings"), "/account/security"));
}

/// <summary>A sentence of an e-mail: its English key and the values of its placeholders.</summary>
public sealed record MailText(string Key, object[] Arguments);

/// <summary>A button: its label and the portal path it opens (made absolute on the configured public address).</summary>
public sealed record MailAction(MailText Label, string Path);

/// <summary>What an e-mail says: a subject, a few paragraphs and at most one button.</summary>
public sealed record MailContent(MailText Subject, IReadOnlyList<MailText> Paragraphs, MailAction? Action = null);

/// <summary>
/// What is known of the moment an e-mail was caused: whom to greet, when, from which client
/// address, and the recipient's time zone (null: Europe/Brussels, as for rows queued before it was kept).
/// </summary>
public sealed record MailContext(string Greeting, DateTimeOffset QueuedAt, string? ClientAddress, string? TimeZone = null);
