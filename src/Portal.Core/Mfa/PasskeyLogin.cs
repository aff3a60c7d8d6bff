using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mail;

namespace Portal.Core.Mfa;

public enum PasskeySignInStatus
{
    Succeeded,

    /// <summary>The answer did not verify: wrong origin or relying party, bad signature, a passkey of someone else, no user verification …</summary>
    Failed,

    /// <summary>No such ceremony: answered before (a replay), older than five minutes, or never started.</summary>
    Expired,

    /// <summary>The signature counter went backwards: the key may have been cloned (WebAuthn Level 3 §6.1.1).</summary>
    CounterRegressed,

    /// <summary>The account is locked for a while after too many wrong passwords or codes.</summary>
    LockedOut,
}

/// <summary>The outcome, with the passkey's owner when known (for the cloned-key notice).</summary>
public sealed record PasskeySignInResult(PasskeySignInStatus Status, PortalUser? User = null);

/// <summary>
/// Signing in with a passkey, on /login (the whole sign-in: user verification is required, so the
/// passkey is two factors, NIST SP 800-63B §5.1.8 multi-factor cryptographic authenticator) and on
/// /login/2fa (instead of the code, for the person whose password was right). Identity's handler
/// checks the signature, origin, RP id hash, UV flag and counter; this adds the single-use
/// server-side challenge, the audit of every refusal, the lockout, and the portal's own session.
/// </summary>
public sealed class PasskeyLogin(
    PortalDbContext db,
    UserManager<PortalUser> users,
    IPasskeyHandler<PortalUser> handler,
    IHttpContextAccessor httpContextAccessor,
    PasskeyCeremonies ceremonies,
    PasswordLogin passwordLogin,
    AuditLog audit,
    ISecurityNoticeMail notices,
    TimeProvider clock)
{
    public const string Method = "passkey";

    /// <summary>Identity's message for a counter that did not increase; it has no error code to match.</summary>
    private const string CounterMessage = "signature counter";

    private HttpContext Http => httpContextAccessor.HttpContext ?? throw new InvalidOperationException("Passkeys need a request.");

    /// <summary>
    /// Options for <c>navigator.credentials.get()</c>: for anyone (a discoverable credential picked in
    /// the browser's dialog or the e-mail field's autofill) or, with <paramref name="user"/>, for that
    /// person's passkeys only (the /login/2fa step).
    /// </summary>
    public async Task<PasskeyCeremonyStart> BeginAsync(PortalUser? user)
    {
        var options = await handler.MakeRequestOptionsAsync(user, Http);
        var token = await ceremonies.StartAsync(PasskeyCeremonyKind.SignIn, user?.Id, options.AssertionState!);
        return new PasskeyCeremonyStart(options.RequestOptionsJson, token);
    }

    /// <summary>
    /// Verifies the browser's answer and signs the person in. With <paramref name="pendingUser"/>
    /// (the /login/2fa step) only a ceremony begun for that person counts.
    /// </summary>
    public async Task<PasskeySignInResult> FinishAsync(string? token, string credentialJson, bool rememberMe, Guid? pendingUser = null)
    {
        var ceremony = await ceremonies.TakeAsync(PasskeyCeremonyKind.SignIn, token);
        if (ceremony is null || (pendingUser is not null && ceremony.UserId != pendingUser))
        {
            await audit.WriteAsync(AuditEventTypes.PasskeyFailed, await OwnerAsync(credentialJson), details: new { reason = "no_challenge" });
            return new PasskeySignInResult(PasskeySignInStatus.Expired);
        }

        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            HttpContext = Http,
            CredentialJson = credentialJson,
            AssertionState = ceremony.State,
        });
        if (!result.Succeeded)
        {
            var owner = await OwnerAsync(credentialJson);
            var message = result.Failure?.Message ?? "";
            // Identity checks the signature before the counter: this answer came from the real key,
            // or from a copy of it.
            if (owner is not null && message.Contains(CounterMessage, StringComparison.OrdinalIgnoreCase))
            {
                // The notice commits with the audit event: the person hears of a possible clone.
                notices.Queue(owner, new PasskeyCounterRegressedNotice());
                await audit.WriteAsync(AuditEventTypes.PasskeyCounterRegressed, owner);
                return new PasskeySignInResult(PasskeySignInStatus.CounterRegressed, owner);
            }

            await audit.WriteAsync(AuditEventTypes.PasskeyFailed, owner, details: new { reason = Truncate(message) });
            return new PasskeySignInResult(PasskeySignInStatus.Failed);
        }

        var user = result.User;
        if (await users.IsLockedOutAsync(user))
        {
            await audit.WriteAsync(AuditEventTypes.LockedOut, user, details: new { method = Method, reason = "locked" });
            return new PasskeySignInResult(PasskeySignInStatus.LockedOut, user);
        }

        // The new counter and backup state (§7.2 step 24), and the date shown on /account/security.
        var stored = await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        if (!stored.Succeeded)
        {
            return new PasskeySignInResult(PasskeySignInStatus.Failed);
        }

        var now = clock.GetUtcNow();
        var credentialId = result.Passkey.CredentialId;
        await db.UserPasskeys.Where(p => p.CredentialId == credentialId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => EF.Property<DateTimeOffset?>(p, UserPasskeyConfiguration.LastUsedAt), now));
        await PendingSignIn.EndAsync(Http);
        await passwordLogin.CompleteAsync(user, rememberMe, Method);
        return new PasskeySignInResult(PasskeySignInStatus.Succeeded, user);
    }

    /// <summary>Whose credential the answer names, if anyone's (for the audit; the answer is not trusted for anything else).</summary>
    private async Task<PortalUser?> OwnerAsync(string credentialJson)
    {
        try
        {
            using var document = JsonDocument.Parse(credentialJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && PasskeyService.Decode(id.GetString()) is { } credentialId
                ? await users.FindByPasskeyIdAsync(credentialId)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string message) => message.Length <= 200 ? message : message[..200];
}
