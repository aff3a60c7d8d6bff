using System.Diagnostics;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>
/// OWASP ASVS 5.0 V6.3.8: the response time of login and forgot-password does not tell whether an
/// e-mail has an account. Known and unknown addresses are tried in alternation and their median
/// times compared (within 10 %); this compares the two paths with each other, it sets no speed.
/// Old per-environment usernames that were retired must not stand out either.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class EnumerationTimingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const int Rounds = 11;

    [Fact]
    public async Task Login_takes_as_long_for_an_unknown_email_as_for_a_known_one_even_when_locked()
    {
        var known = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        await client.LoginAsync(known.Email!, "warm-up-password-1");

        var (knownMedian, unknownMedian) = await CompareAsync(
            () => client.LoginAsync(known.Email!, "Wrong-Password-For-Timing"),
            () => client.LoginAsync(TestData.NewEmail("nobody"), "Wrong-Password-For-Timing"));

        AssertClose(knownMedian, unknownMedian);
    }

    [Fact]
    public async Task Forgot_password_takes_as_long_for_an_unknown_email_as_for_a_known_one()
    {
        var known = await factory.Data.UserAsync();
        var client = factory.CreatePortalClient();
        var page = await client.GetPageAsync("/forgot-password");

        var (knownMedian, unknownMedian) = await CompareAsync(
            () => client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = known.Email! }),
            () => client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = TestData.NewEmail("nobody") }));

        AssertClose(knownMedian, unknownMedian);
    }

    /// <summary>
    /// A retired old username (moved to an e-mail login) answers a wrong password exactly like an
    /// unknown username: same message, same time. "Replaced" comes only after the right old
    /// password, and not faster than a failure either.
    /// </summary>
    [Fact]
    public async Task A_retired_legacy_username_answers_a_wrong_password_like_an_unknown_username()
    {
        const string oldPassword = "old-portal-pw-2017";
        var retired = await factory.Data.LegacyUsernameAsync(
            await factory.Data.OrganisationAsync(null, "exact"), oldPassword, migratedTo: await factory.Data.UserAsync());
        var client = factory.CreatePortalClient();
        await client.LoginAsync("old.warm-up", "warm-up-password-1");

        var started = Stopwatch.GetTimestamp();
        var right = await client.LoginAsync(retired, oldPassword);
        var rightTime = Stopwatch.GetElapsedTime(started);
        Assert.Contains("This username was replaced by your e-mail login", PortalClient.Errors(await PortalClient.ParseAsync(right)));
        Assert.True(rightTime >= Portal.Web.Infrastructure.Security.ResponseFloor.FailedLogin,
            $"'Replaced' answered in {rightTime.TotalMilliseconds:0} ms, under the failure floor");

        var wrong = await client.LoginAsync(retired, "Wrong-Password-For-Timing");
        var wrongErrors = PortalClient.Errors(await PortalClient.ParseAsync(wrong));
        Assert.DoesNotContain("replaced", wrongErrors, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("The e-mail or password is incorrect", wrongErrors);

        var (retiredMedian, unknownMedian) = await CompareAsync(
            () => client.LoginAsync(retired, "Wrong-Password-For-Timing"),
            () => client.LoginAsync("old." + Guid.NewGuid().ToString("N")[..8], "Wrong-Password-For-Timing"));

        AssertClose(retiredMedian, unknownMedian);
    }

    private static async Task<(double Known, double Unknown)> CompareAsync(Func<Task<HttpResponseMessage>> known, Func<Task<HttpResponseMessage>> unknown)
    {
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            knownTimes.Add(await TimeAsync(known));
            unknownTimes.Add(await TimeAsync(unknown));
        }

        return (Median(knownTimes), Median(unknownTimes));
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await request();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void AssertClose(double known, double unknown) =>
        Assert.True(Math.Abs(known - unknown) <= 0.10 * Math.Max(known, unknown),
            $"Median for a known e-mail {known:0.0} ms, for an unknown one {unknown:0.0} ms");
}
