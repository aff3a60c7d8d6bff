namespace Portal.Web;

/// <summary>
/// The one resource of the UI: every page, validation message and e-mail takes its text from
/// Resources/SharedResource.{nl,fr,de}.resx, keyed by the English text (English needs no file).
/// LocalizationTests fails when a key of the code lacks a translation.
/// </summary>
public sealed class SharedResource;
