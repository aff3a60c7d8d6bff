using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Data;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>The lockout rule itself (AttemptLimit), called directly against the real database.</summary>
public sealed class AttemptLimitTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const int Limit = 5;

    [Fact]
    public async Task Twenty_parallel_attempts_verify_at_most_the_limit_and_refuse_the_rest_unchecked()
    {
        var user = await factory.Data.UserAsync();
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var verifying = 0;
        var attempts = Enumerable.Range(0, 20).Select(_ => Task.Run(() => AttemptAsync(user, async () =>
        {
            Interlocked.Increment(ref verifying);
            return await hold.Task;
        }))).ToList();

        // Every attempt has either started verifying or been refused; none has finished verifying.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref verifying) + attempts.Count(a => a.IsCompleted) < attempts.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var refusedWhileInFlight = attempts.Count(a => a.IsCompleted);
        hold.SetResult(false);
        var results = await Task.WhenAll(attempts);

        Assert.Equal(Limit, verifying);
        Assert.Equal(20 - Limit, refusedWhileInFlight);
        Assert.Equal(20 - Limit, results.Count(r => r.Outcome == AttemptOutcome.Refused));
        Assert.All(results.Where(r => r.Outcome == AttemptOutcome.Rejected), r => Assert.True(r.LockedOut));
        Assert.True(await IsLockedAsync(user));
    }

    [Fact]
    public async Task The_right_secret_as_the_last_allowed_attempt_is_accepted_and_gives_its_attempt_back()
    {
        var user = await factory.Data.UserAsync();
        for (var i = 0; i < Limit - 1; i++)
        {
            Assert.Equal(new AttemptResult(AttemptOutcome.Rejected, false), await AttemptAsync(user, Wrong));
        }

        Assert.Equal(AttemptOutcome.Accepted, (await AttemptAsync(user, Right)).Outcome);
        Assert.False(await IsLockedAsync(user));
        Assert.Equal(Limit - 1, await CountAsync(user));

        Assert.Equal(new AttemptResult(AttemptOutcome.Rejected, true), await AttemptAsync(user, Wrong));
        Assert.Equal(new AttemptResult(AttemptOutcome.Refused, true), await AttemptAsync(user, Right));
    }

    [Fact]
    public async Task A_completed_sign_in_ends_the_window()
    {
        var user = await factory.Data.UserAsync();
        for (var i = 0; i < Limit - 1; i++)
        {
            await AttemptAsync(user, Wrong);
        }

        await AttemptAsync(user, Right, OnAccepted.EndWindow);

        Assert.Equal(0, await CountAsync(user));
        for (var i = 0; i < Limit - 1; i++)
        {
            Assert.False((await AttemptAsync(user, Wrong)).LockedOut);
        }
    }

    [Fact]
    public async Task An_ended_lockout_starts_a_new_window_with_this_attempt_as_its_first()
    {
        var user = await factory.Data.UserAsync();
        for (var i = 0; i < Limit; i++)
        {
            await AttemptAsync(user, Wrong);
        }

        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddSeconds(-1))));

        Assert.Equal(new AttemptResult(AttemptOutcome.Rejected, false), await AttemptAsync(user, Wrong));
        Assert.Equal(1, await CountAsync(user));
    }

    [Fact]
    public async Task An_attempt_whose_check_fails_stays_counted()
    {
        var user = await factory.Data.UserAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => AttemptAsync(user, () => throw new TimeoutException()));

        Assert.Equal(1, await CountAsync(user));
    }

    [Fact]
    public async Task Saving_a_user_loaded_before_the_guesses_does_not_put_back_the_old_count()
    {
        var user = await factory.Data.UserAsync();
        await factory.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var loaded = (await users.FindByIdAsync(user.Id.ToString()))!;
            for (var i = 0; i < Limit; i++)
            {
                await AttemptAsync(user, Wrong);
            }

            loaded.DisplayName = "Renamed meanwhile";
            Assert.True((await users.UpdateAsync(loaded)).Succeeded);
            return true;
        });

        Assert.True(await IsLockedAsync(user));
        Assert.Equal(Limit, await CountAsync(user));
    }

    private static Task<bool> Wrong() => Task.FromResult(false);

    private static Task<bool> Right() => Task.FromResult(true);

    /// <summary>One attempt in a scope (and DbContext) of its own, as one request would make it.</summary>
    private Task<AttemptResult> AttemptAsync(PortalUser user, Func<Task<bool>> verify, OnAccepted onAccepted = OnAccepted.ReturnAttempt) =>
        factory.WithServicesAsync(services => services.GetRequiredService<AttemptLimit>().VerifyAsync(user, verify, onAccepted));

    private Task<int> CountAsync(PortalUser user) =>
        factory.WithServicesAsync(services => services.GetRequiredService<PortalDbContext>().Users
            .Where(u => u.Id == user.Id).Select(u => u.AccessFailedCount).SingleAsync());

    private Task<bool> IsLockedAsync(PortalUser user) =>
        factory.WithServicesAsync(services => services.GetRequiredService<PortalDbContext>().Users
            .AnyAsync(u => u.Id == user.Id && u.LockoutEnd > DateTimeOffset.UtcNow));
}
