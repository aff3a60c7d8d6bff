using System.Collections.Frozen;

namespace Portal.Web.Infrastructure.Mail;

/// <summary>Every <see cref="PortalEmail"/> of the portal, by template name (the record's name), found by reflection.</summary>
public static class MailTemplates
{
    public static readonly FrozenDictionary<string, Type> All = typeof(PortalEmail).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(PortalEmail)))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static string NameOf(PortalEmail email) => email.GetType().Name;

    public static Type? Find(string name) => All.GetValueOrDefault(name);
}
