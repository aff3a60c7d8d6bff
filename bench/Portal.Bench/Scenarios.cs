namespace Portal.Bench;

/// <summary>A signed-in page measured at <see cref="Scenarios.PageConnections"/> connections, as an admin of the large office.</summary>
/// <param name="Name">What the row is called.</param>
/// <param name="Describe">The data behind the page at a given size, for the row's label.</param>
/// <param name="Path">The page, in the large office.</param>
public sealed record PageScenario(string Name, Func<DatasetPlan, string> Describe, string Path);

/// <summary>
/// What the benchmark measures. A page that lands later is one line in <see cref="Pages"/> (its data
/// is seeded already); until it exists it answers 404 and its rows read "n/a (page not built yet)".
/// </summary>
public static class Scenarios
{
    /// <summary>The load for pages: 64 connections.</summary>
    public const int PageConnections = 64;

    /// <summary>Does nothing but authenticate: the baseline the pages are compared with.</summary>
    public const string BareEndpoint = "/account/ping";

    public const string Login = "/login";

    /// <summary>The second-factor step (issue: "valid TOTP per second and its server time").</summary>
    public const string SecondFactor = "/login/2fa";

    private const string Office = "/o/" + SeededDataset.LargeOffice;

    public static readonly PageScenario[] Pages =
    [
        new("Environment home", plan => $"page 1 of {plan.LargeEnvironmentClients:N0} clients", $"{Office}/e/{SeededDataset.LargeEnvironment}"),
        new("Admin users", plan => $"organisation of {plan.LargeOfficeMembers:N0} members", $"{Office}/admin/users"),
        new("Audit log", plan => $"organisation of {plan.LargeOfficeAuditEvents:N0} events", $"{Office}/admin/audit"),
    ];

    /// <summary>Logins keep every core busy with PBKDF2 without queueing far more requests than there are cores.</summary>
    public static int LoginConnections(int cores) => 4 * cores;
}
