namespace Portal.Web.Infrastructure.Localization;

/// <summary>
/// The one resource of the UI: every page, validation message and e-mail takes its text from
/// Resources/SharedResource.{culture}.resx, keyed by the English text.
/// </summary>
public sealed class SharedResource;
