using System.Security.Cryptography;
using System.Text;
using Portal.Core.Mfa;

namespace Portal.Bench;

/// <summary>
/// How many rows the generator writes. The issue's scale (2,000 organisations, 20,000 users,
/// 6,000 environments, 200,000 clients, 1,000,000 audit events) is <see cref="Scaled"/>(1).
/// The measured pages look at one "large office": its first environment holds the page of clients,
/// its members fill the admin users page and its events the audit page. Those grow with the scale
/// too (a page whose cost grows with the data is what the 1 % comparison must catch), but never
/// below one full page, so both sizes render the same number of rows.
/// </summary>
public sealed record DatasetPlan(
    string Label,
    int Organisations,
    int Users,
    int Environments,
    int Clients,
    int AuditEvents,
    int LargeOfficeMembers,
    int LargeEnvironmentClients,
    int LargeOfficeAuditEvents,
    int SecondFactorUsers)
{
    public const int EnvironmentsPerOrganisation = 3;

    /// <summary>One page of the portal's lists (the environment home shows 50 clients a page).</summary>
    private const int OnePage = 50;

    public static DatasetPlan Scaled(double scale, string label)
    {
        var organisations = Math.Max(4, Round(2_000 * scale));
        var members = Math.Max(OnePage, Round(500 * scale));
        var environmentClients = Math.Max(OnePage, Round(5_000 * scale));
        var officeEvents = Math.Max(OnePage, Round(100_000 * scale));
        var environments = organisations * EnvironmentsPerOrganisation;
        // Each signs in with a password once and then passes the second-factor step three times.
        var secondFactorUsers = Math.Max(6, Round(600 * scale));
        return new DatasetPlan(
            label,
            organisations,
            Users: Math.Max(Round(20_000 * scale), members + organisations + secondFactorUsers),
            environments,
            Clients: Math.Max(Round(200_000 * scale), environmentClients + environments),
            AuditEvents: Math.Max(Round(1_000_000 * scale), officeEvents + organisations),
            members,
            environmentClients,
            officeEvents,
            secondFactorUsers);
    }

    /// <summary>The second-factor users are the last ones: from this user number on, each has an authenticator app.</summary>
    public int FirstSecondFactorUser => Users - SecondFactorUsers;

    public string Describe() =>
        $"{Organisations:N0} organisations, {Users:N0} users, {Environments:N0} environments, {Clients:N0} clients, {AuditEvents:N0} audit events";

    private static int Round(double value) => (int)Math.Round(value);
}

/// <summary>What the measured pages and logins need to know about the seeded data.</summary>
public sealed record SeededDataset(DatasetPlan Plan, string Database, TimeSpan SeedTime, string Phases)
{
    /// <summary>Every seeded user has this password (hashed once, the hash reused for all).</summary>
    public const string Password = "Bench-Ledger-Quiet-Harbour-2026";

    /// <summary>The organisation of the measured pages; its first <see cref="LargeOfficeAdmins"/> members are admins.</summary>
    public const string LargeOffice = "office-0000";

    public const string LargeEnvironment = "exact-online";

    public const int LargeOfficeAdmins = 10;

    /// <summary>The same address as a Lua <c>string.format</c> pattern, form-encoded ('@' as %40), for wrk.</summary>
    public const string EmailLuaFormat = "user%05d%%40" + EmailDomain;

    /// <summary>The same address as a PostgreSQL <c>format()</c> pattern taking the zero-padded number (the peer's seed).</summary>
    public const string EmailSqlFormat = "user%s@" + EmailDomain;

    private const string EmailDomain = "bench.test";

    public static string Email(int user) => $"user{user:D5}@{EmailDomain}";

    /// <summary>Users that log in during the login row: everyone outside the large office but the second-factor users.</summary>
    public (int First, int Count) LoginUsers => (Plan.LargeOfficeMembers, Plan.FirstSecondFactorUser - Plan.LargeOfficeMembers);

    /// <summary>The last users: each has one authenticator app, so their password leads to the second-factor step.</summary>
    public (int First, int Count) SecondFactorUsers => (Plan.FirstSecondFactorUser, Plan.SecondFactorUsers);

    /// <summary>
    /// The user's TOTP secret (RFC 6238's 160 bits), derived from the user number so the benchmark can
    /// compute codes without keeping the secrets; the portal stores it encrypted, as its own enrolment does.
    /// </summary>
    public static byte[] TotpSecret(int user) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"portal-bench-authenticator-{user}"))[..Totp.SecretBytes];
}
