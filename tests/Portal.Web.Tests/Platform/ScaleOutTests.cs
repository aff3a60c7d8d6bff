using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// Two instances on one database behind nginx: nothing that must be shared lives in one process
/// (Data Protection keys, sessions, single-use guards are all in PostgreSQL).
/// </summary>
public sealed class ScaleOutTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    [Fact]
    public async Task Sign_in_through_one_instance_and_carry_on_through_the_other_and_the_proxy()
    {
        var email = await CreateUserAsync();
        var cookies = new CookieContainer();
        var onA = Client(cluster.InstanceA, cookies);
        var onB = Client(cluster.InstanceB, cookies);
        var throughProxy = Client(cluster.Proxy, cookies);

        await onA.LoginOkAsync(email);

        // B decrypts A's cookie with the key ring both read from PostgreSQL, and knows the session.
        var page = await onB.GetPageAsync("/account/security");
        Assert.Equal(email, page.QuerySelector("[data-testid=user-email]")!.TextContent);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await throughProxy.GetAsync("/account/security")).StatusCode);
        }

        // A form served by one instance is accepted by the other (antiforgery keys are shared too).
        var form = await onA.GetPageAsync("/account/security");
        var change = await onB.SubmitAsync(form, "form[action*='handler=ChangePassword']", new Dictionary<string, string>
        {
            ["Password.CurrentPassword"] = TestData.Password,
            ["Password.NewPassword"] = "Copper-Harbour-Lantern-17",
            ["Password.ConfirmPassword"] = "Copper-Harbour-Lantern-17",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
    }

    [Fact]
    public async Task Logout_on_one_instance_ends_the_session_on_the_other_at_once()
    {
        var email = await CreateUserAsync();
        var cookies = new CookieContainer();
        var onA = Client(cluster.InstanceA, cookies);
        var onB = Client(cluster.InstanceB, cookies);
        await onA.LoginOkAsync(email);
        var captured = cookies.GetCookies(new Uri(cluster.InstanceA));
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/account/security")).StatusCode);

        var page = await onA.GetPageAsync("/account/security");
        await onA.SubmitAsync(page, "form[action='/logout']");

        // B had the session in its cache; the revocation reached it through PostgreSQL NOTIFY.
        var replay = new CookieContainer();
        replay.Add(captured);
        var replayOnB = Client(cluster.InstanceB, replay);
        var deadline = DateTime.UtcNow.AddSeconds(2);
        HttpResponseMessage response;
        do
        {
            response = await replayOnB.GetAsync("/account/security");
        }
        while (response.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.ToString());
    }

    private static PortalClient Client(string baseUrl, CookieContainer cookies)
    {
        var http = PortalCluster.Client(cookies);
        http.BaseAddress = new Uri(baseUrl);
        return new PortalClient(http);
    }

    /// <summary>Writes a user straight into the cluster's database, hashed as the portal hashes.</summary>
    private async Task<string> CreateUserAsync()
    {
        var email = TestData.NewEmail("cluster");
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(TestDatabase.ConnectionString(cluster.Database)).Options;
        await using var db = new PortalDbContext(options);
        var hasher = new PasswordHasher<PortalUser>(Options.Create(new PasswordHasherOptions { IterationCount = PasswordLogin.PasswordHashIterations }));
        var user = new PortalUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = "Cluster Person",
            LockoutEnabled = true,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        user.PasswordHash = hasher.HashPassword(user, TestData.Password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return email;
    }
}
