using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Passkeys;

/// <summary>
/// The WebAuthn rules on crafted responses (WebAuthn Level 3 §7.1 registration, §7.2 assertion):
/// Identity's handler and the portal's server-side ceremonies together refuse a replayed challenge,
/// a wrong origin, a wrong relying party, a counter that goes backwards, another person's credential,
/// an expired challenge and a response without user verification. Each case starts from a response
/// that is accepted, so the test fails when the rule is removed rather than for another reason.
/// </summary>
public sealed class PasskeyRuleTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Origin = PasskeySteps.Origin;

    [Fact]
    public async Task A_registered_passkey_signs_in_alone_and_its_counter_and_last_use_are_stored()
    {
        var (user, key) = await RegisteredAsync();

        var result = await SignInAsync(null, options => key.Get(options, Origin));

        Assert.Equal(PasskeySignInStatus.Succeeded, result.Status);
        Assert.Equal(user.Id, result.User!.Id);
        await factory.WithDbAsync(async db =>
        {
            var stored = await db.UserPasskeys.SingleAsync(p => p.UserId == user.Id);
            Assert.Equal(key.Counter, stored.Data.SignCount);
            Assert.NotNull(await db.UserPasskeys.Where(p => p.UserId == user.Id)
                .Select(p => EF.Property<DateTimeOffset?>(p, "LastUsedAt")).SingleAsync());
            var login = await db.AuditEvents.SingleAsync(e => e.ActorUserId == user.Id && e.Type == AuditEventTypes.LoginSucceeded);
            Assert.Contains("passkey", login.Details);
        });
    }

    [Fact]
    public async Task A_challenge_answers_once_even_with_a_fresh_signature()
    {
        var (_, key) = await RegisteredAsync();
        var (start, first) = await BeginAsync(null);
        Assert.Equal(PasskeySignInStatus.Succeeded, (await FinishAsync(start.Token, key.Get(start.OptionsJson, Origin))).Status);

        // The same challenge signed again, with a higher counter: a valid signature, a used challenge.
        var replay = await FinishAsync(start.Token, key.Get(start.OptionsJson, Origin));

        Assert.Equal(PasskeySignInStatus.Expired, replay.Status);
        Assert.NotNull(first);
    }

    [Fact]
    public async Task Twenty_parallel_answers_to_one_challenge_sign_in_once()
    {
        var (_, key) = await RegisteredAsync();
        var (start, _) = await BeginAsync(null);
        // Twenty valid signatures of the same challenge, each with a higher counter, sent at once.
        var answers = Enumerable.Range(0, 20).Select(_ => key.Get(start.OptionsJson, Origin)).ToList();

        var results = await Task.WhenAll(answers.Select(answer => Task.Run(() => FinishAsync(start.Token, answer))));

        Assert.Single(results, r => r.Status == PasskeySignInStatus.Succeeded);
    }

    [Fact]
    public async Task A_challenge_of_another_ceremony_is_refused()
    {
        var (_, key) = await RegisteredAsync();
        var (issued, _) = await BeginAsync(null);
        var (other, _) = await BeginAsync(null);

        // The answer signs the first challenge but is sent with the second ceremony's token.
        var result = await FinishAsync(other.Token, key.Get(other.OptionsJson, Origin, challenge: Challenge(issued.OptionsJson)));

        Assert.Equal(PasskeySignInStatus.Failed, result.Status);
    }

    [Fact]
    public async Task An_expired_challenge_is_refused()
    {
        var (_, key) = await RegisteredAsync();
        var (start, _) = await BeginAsync(null);

        factory.Clock.Advance(PasskeyCeremonies.Lifetime + TimeSpan.FromSeconds(1));
        var result = await FinishAsync(start.Token, key.Get(start.OptionsJson, Origin));

        Assert.Equal(PasskeySignInStatus.Expired, result.Status);
    }

    [Fact]
    public async Task A_response_from_another_origin_is_refused_and_audited()
    {
        var (user, key) = await RegisteredAsync();

        var result = await SignInAsync(null, options => key.Get(options, "https://portal.test.evil.example"));

        Assert.Equal(PasskeySignInStatus.Failed, result.Status);
        await AssertAuditedAsync(user.Id, AuditEventTypes.PasskeyFailed);
        // The same key from the right origin still works: only the origin was wrong.
        Assert.Equal(PasskeySignInStatus.Succeeded, (await SignInAsync(null, options => key.Get(options, Origin))).Status);
    }

    [Fact]
    public async Task A_response_for_another_relying_party_is_refused()
    {
        var (_, key) = await RegisteredAsync();

        var result = await SignInAsync(null, options => key.Get(options, Origin, rpId: "evil.example"));

        Assert.Equal(PasskeySignInStatus.Failed, result.Status);
    }

    [Fact]
    public async Task A_registration_for_another_relying_party_or_origin_is_refused()
    {
        var user = await factory.Data.UserAsync();
        using var key = new SoftwareAuthenticator();

        Assert.Equal(PasskeyAddStatus.Refused, await RegisterAsync(user, options => key.Create(options, Origin, rpId: "evil.example")));
        Assert.Equal(PasskeyAddStatus.Refused, await RegisterAsync(user, options => key.Create(options, "https://evil.example")));
        Assert.Equal(PasskeyAddStatus.Refused, await RegisterAsync(user, options => key.Create(options, Origin, verified: false)));
        Assert.Equal(PasskeyAddStatus.Added, await RegisterAsync(user, options => key.Create(options, Origin)));
    }

    [Fact]
    public async Task A_response_without_user_verification_is_refused()
    {
        var (_, key) = await RegisteredAsync();

        var result = await SignInAsync(null, options => key.Get(options, Origin, verified: false));

        Assert.Equal(PasskeySignInStatus.Failed, result.Status);
    }

    [Fact]
    public async Task A_counter_that_goes_backwards_is_refused_and_audited_as_a_cloned_key()
    {
        var (user, key) = await RegisteredAsync();
        key.Counter = 10;
        Assert.Equal(PasskeySignInStatus.Succeeded, (await SignInAsync(null, options => key.Get(options, Origin))).Status);

        key.Counter = 3;
        var result = await SignInAsync(null, options => key.Get(options, Origin));

        Assert.Equal(PasskeySignInStatus.CounterRegressed, result.Status);
        Assert.Equal(user.Id, result.User!.Id);
        await AssertAuditedAsync(user.Id, AuditEventTypes.PasskeyCounterRegressed);
    }

    [Fact]
    public async Task Another_persons_credential_is_refused()
    {
        var (alice, _) = await RegisteredAsync();
        var (_, bobsKey) = await RegisteredAsync();

        // Bob's key, claiming to be Alice (her user handle) in a sign-in for anyone …
        var claimed = await SignInAsync(null, options => bobsKey.Get(options, Origin, userHandle: alice.Id.ToString()));
        // … and Bob's key in the /login/2fa step of Alice, whose password was right.
        var pending = await SignInAsync(alice, options => bobsKey.Get(options, Origin), pendingUser: alice.Id);

        Assert.Equal(PasskeySignInStatus.Failed, claimed.Status);
        Assert.Equal(PasskeySignInStatus.Failed, pending.Status);
    }

    [Fact]
    public async Task A_credential_registered_to_one_person_cannot_be_registered_to_another()
    {
        var (_, key) = await RegisteredAsync();
        var bob = await factory.Data.UserAsync();

        Assert.Equal(PasskeyAddStatus.Refused, await RegisterAsync(bob, options => key.Create(options, Origin)));
    }

    [Fact]
    public async Task A_registration_ceremony_belongs_to_the_person_who_started_it()
    {
        var alice = await factory.Data.UserAsync();
        var bob = await factory.Data.UserAsync();
        using var key = new SoftwareAuthenticator();
        var start = await WithRequestAsync(services => services.GetRequiredService<PasskeyService>().BeginRegistrationAsync(alice));

        var status = await WithRequestAsync(services => services.GetRequiredService<PasskeyService>()
            .FinishRegistrationAsync(bob, start!.Token, key.Create(start.OptionsJson, Origin), "Bob's", keepSession: null));

        Assert.Equal(PasskeyAddStatus.Expired, status);
    }

    [Fact]
    public async Task A_person_has_at_most_twenty_passkeys()
    {
        var user = await factory.Data.UserAsync();
        for (var i = 0; i < PasskeyService.MaxPerPerson; i++)
        {
            using var key = new SoftwareAuthenticator();
            Assert.Equal(PasskeyAddStatus.Added, await RegisterAsync(user, options => key.Create(options, Origin)));
        }

        Assert.Null(await WithRequestAsync(services => services.GetRequiredService<PasskeyService>().BeginRegistrationAsync(user)));
    }

    private async Task<(PortalUser User, SoftwareAuthenticator Key)> RegisteredAsync()
    {
        var user = await factory.Data.UserAsync();
        var key = new SoftwareAuthenticator();
        Assert.Equal(PasskeyAddStatus.Added, await RegisterAsync(user, options => key.Create(options, Origin)));
        Assert.Equal(user.Id.ToString(), key.UserHandle);
        return (user, key);
    }

    private Task<PasskeyAddStatus> RegisterAsync(PortalUser user, Func<string, string> answer) => factory.RegisterPasskeyAsync(user, answer);

    private async Task<PasskeySignInResult> SignInAsync(PortalUser? user, Func<string, string> answer, Guid? pendingUser = null)
    {
        var (start, _) = await BeginAsync(user);
        return await FinishAsync(start.Token, answer(start.OptionsJson), pendingUser);
    }

    private async Task<(PasskeyCeremonyStart Start, string Challenge)> BeginAsync(PortalUser? user)
    {
        var start = await WithRequestAsync(services => services.GetRequiredService<PasskeyLogin>().BeginAsync(user));
        return (start, Challenge(start.OptionsJson));
    }

    private Task<PasskeySignInResult> FinishAsync(string token, string credentialJson, Guid? pendingUser = null) =>
        WithRequestAsync(services => services.GetRequiredService<PasskeyLogin>().FinishAsync(token, credentialJson, false, pendingUser));

    private static string Challenge(string optionsJson) =>
        System.Text.Json.Nodes.JsonNode.Parse(optionsJson)!["challenge"]!.GetValue<string>();

    private Task<T> WithRequestAsync<T>(Func<IServiceProvider, Task<T>> work) => factory.WithRequestAsync(work);

    private Task AssertAuditedAsync(Guid userId, string type) =>
        factory.WithDbAsync(async db =>
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ActorUserId == userId && e.Type == type), $"No audit event {type}"));
}
