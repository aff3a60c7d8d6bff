namespace Portal.Web.Infrastructure.Authentication;

/// <summary>"Firefox on Windows" from a User-Agent header: enough for a person to recognise their own devices.</summary>
public static class UserAgentSummary
{
    private static readonly (string Token, string Name)[] Browsers =
        [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari")];

    private static readonly (string Token, string Name)[] Systems =
        [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")];

    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "?";
        }

        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name;
        return (browser, system) switch
        {
            (null, null) => userAgent.Length > 40 ? userAgent[..40] + "…" : userAgent,
            (null, _) => system!,
            (_, null) => browser,
            _ => $"{browser} · {system}",
        };
    }
}
