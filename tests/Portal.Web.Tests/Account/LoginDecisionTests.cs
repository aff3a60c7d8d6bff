using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Support;
using Portal.Web.Infrastructure.Security;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>The portal with a password hasher that counts the verifications of each account's hash.</summary>
public sealed class CountingHasherFactory : PortalFactory
{
    public ConcurrentDictionary<Guid, int> Verifications { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(IPasswordHasher<PortalUser>)));
            services.AddScoped<IPasswordHasher<PortalUser>>(provider => new CountingHasher(
                new PasswordHasher<PortalUser>(provider.GetRequiredService<IOptions<PasswordHasherOptions>>()), Verifications));
        });
    }

    private sealed class CountingHasher(IPasswordHasher<PortalUser> inner, ConcurrentDictionary<Guid, int> verifications) : IPasswordHasher<PortalUser>
    {
        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            verifications.AddOrUpdate(user.Id, 1, (_, count) => count + 1);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>What the login form leads to, decided once in <see cref="PasswordLogin"/>.</summary>
public sealed class LoginDecisionTests(CountingHasherFactory factory) : IClassFixture<CountingHasherFactory>
{
    [Fact]
    public async Task A_login_that_applies_a_due_recovery_checks_the_password_once_and_leaves_no_second_factor_step()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        var requestId = await factory.ApprovedRecoveryAsync(person);
        factory.Clock.Advance(TimeSpan.FromHours(25));
        factory.Verifications.TryRemove(person.Id, out _);

        var client = factory.CreatePortalClient();
        var response = await client.LoginAsync(person.Email!, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/login/2fa", response.Headers.Location!.OriginalString);
        Assert.Equal(RecoveryStatus.Completed, (await factory.RecoveryAsync(requestId)).Status);
        Assert.Equal(1, factory.Verifications.GetValueOrDefault(person.Id));
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.DoesNotContain(cookies, c => c.Contains(PortalCookies.TwoFactorStep + "=", StringComparison.Ordinal)
            && !c.Contains(PortalCookies.TwoFactorStep + "=;", StringComparison.Ordinal));
        await factory.WithDbAsync(async db =>
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.ActorUserId == person.Id && e.Type == AuditEventTypes.LoginSucceeded)));
        Assert.True(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task A_password_only_login_checks_the_password_once_and_ends_the_attempt_window()
    {
        var person = await factory.Data.UserAsync();
        factory.Verifications.TryRemove(person.Id, out _);
        var client = factory.CreatePortalClient();
        Assert.NotEqual(HttpStatusCode.Redirect, (await client.LoginAsync(person.Email!, "wrong password")).StatusCode);

        var response = await client.LoginAsync(person.Email!, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(2, factory.Verifications.GetValueOrDefault(person.Id));
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id);
            Assert.Equal(0, stored.AccessFailedCount);
            Assert.Null(stored.LockoutEnd);
            // PostgreSQL keeps microseconds; the clock has 100 ns ticks.
            Assert.Equal(factory.Clock.GetUtcNow().UtcTicks / 10, stored.LastLoginAt!.Value.UtcTicks / 10);
        });
        Assert.True(await client.IsSignedInAsync());
    }

    [Fact]
    public async Task A_login_with_a_second_factor_checks_the_password_once_and_begins_the_second_step()
    {
        var person = await factory.Data.UserAsync();
        await factory.EnrolAsync(person);
        factory.Verifications.TryRemove(person.Id, out _);

        var response = await factory.CreatePortalClient().LoginAsync(person.Email!, TestData.Password);

        Assert.StartsWith("/login/2fa", response.Headers.Location!.OriginalString);
        Assert.Equal(1, factory.Verifications.GetValueOrDefault(person.Id));
    }
}
