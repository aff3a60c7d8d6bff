namespace Portal.Web.Infrastructure.Mail;

/// <summary>One e-mail, with an HTML and a plain-text body.</summary>
public sealed record OutgoingMail(string To, string Subject, string Html, string Text);
