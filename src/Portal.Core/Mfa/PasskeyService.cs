using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mail;
using Portal.Core.Organisations;

namespace Portal.Core.Mfa;

/// <summary>What the browser needs to start a ceremony: Identity's options JSON, and the token of the server-side state.</summary>
public sealed record PasskeyCeremonyStart(string OptionsJson, string Token);

/// <summary>One passkey as /account/security lists it; <see cref="Id"/> is the credential id in base64url.</summary>
public sealed record PasskeySummary(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Synced);

public enum PasskeyAddStatus
{
    Added,

    /// <summary>The browser's answer did not verify (wrong origin or relying party, no user verification, a credential already registered …).</summary>
    Refused,

    /// <summary>No such ceremony for this person: answered before, older than five minutes, or started by someone else.</summary>
    Expired,
    TooMany,
}

/// <summary>
/// A person's passkeys (WebAuthn Level 3, verified by ASP.NET Core Identity's built-in handler):
/// registration with the challenge kept server side (<see cref="PasskeyCeremonies"/>), the list,
/// rename and removal. Adding or removing one is a 2FA change like any other: audit, new security
/// stamp, the person's other sessions end (<see cref="SecurityChanges"/>).
/// </summary>
public sealed class PasskeyService(
    PortalDbContext db,
    UserManager<PortalUser> users,
    IPasskeyHandler<PortalUser> handler,
    IHttpContextAccessor httpContextAccessor,
    PasskeyCeremonies ceremonies,
    SecurityChanges changes,
    ISecurityNoticeMail notices,
    UserWorkspaces workspaces,
    TwoFactorRemoval removal,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>A generous cap: a phone, a laptop, two security keys … per person.</summary>
    public const int MaxPerPerson = 20;

    public const int MaxNameLength = 50;

    private HttpContext Http => httpContextAccessor.HttpContext ?? throw new InvalidOperationException("Passkeys need a request.");

    public Task<int> CountAsync(Guid userId) => db.UserPasskeys.CountAsync(p => p.UserId == userId);

    /// <summary>
    /// The options for <c>navigator.credentials.create()</c>. The user handle is the account's id (a
    /// UUID), never the e-mail (§14.6.1); the person's own passkeys are excluded so one is not added twice.
    /// </summary>
    public async Task<PasskeyCeremonyStart?> BeginRegistrationAsync(PortalUser user)
    {
        if (await CountAsync(user.Id) >= MaxPerPerson)
        {
            return null;
        }

        var entity = new PasskeyUserEntity
        {
            Id = user.Id.ToString(),
            Name = user.Email!,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email! : user.DisplayName,
        };
        var options = await handler.MakeCreationOptionsAsync(entity, Http);
        var token = await ceremonies.StartAsync(PasskeyCeremonyKind.Registration, user.Id, options.AttestationState!);
        return new PasskeyCeremonyStart(options.CreationOptionsJson, token);
    }

    /// <summary>Verifies the browser's answer to <see cref="BeginRegistrationAsync"/> and stores the passkey under <paramref name="name"/>.</summary>
    public async Task<PasskeyAddStatus> FinishRegistrationAsync(PortalUser user, string? token, string credentialJson, string name, Guid? keepSession)
    {
        var ceremony = await ceremonies.TakeAsync(PasskeyCeremonyKind.Registration, token);
        if (ceremony is null || ceremony.UserId != user.Id)
        {
            return PasskeyAddStatus.Expired;
        }

        if (await CountAsync(user.Id) >= MaxPerPerson)
        {
            return PasskeyAddStatus.TooMany;
        }

        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            HttpContext = Http,
            CredentialJson = credentialJson,
            AttestationState = ceremony.State,
        });
        if (!result.Succeeded || result.UserEntity.Id != user.Id.ToString())
        {
            await audit.WriteAsync(AuditEventTypes.PasskeyFailed, user,
                details: new { step = "registration", reason = result.Failure?.Message });
            return PasskeyAddStatus.Refused;
        }

        var passkey = result.Passkey;
        passkey.Name = name.Trim();
        await db.InTransactionAsync(async () =>
        {
            Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
            await changes.RecordAsync(user, AuditEventTypes.PasskeyAdded, keepSession,
                new { name = passkey.Name, synced = passkey.IsBackupEligible }, notice: new PasskeyAddedNotice(passkey.Name));
        });
        return PasskeyAddStatus.Added;
    }

    public async Task<List<PasskeySummary>> ListAsync(PortalUser user)
    {
        var passkeys = await users.GetPasskeysAsync(user);
        var lastUsed = await db.UserPasskeys.AsNoTracking()
            .Where(p => p.UserId == user.Id)
            .Select(p => new { p.CredentialId, At = EF.Property<DateTimeOffset?>(p, UserPasskeyConfiguration.LastUsedAt) })
            .ToListAsync();
        return passkeys
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeySummary(
                Base64Url.EncodeToString(p.CredentialId),
                p.Name ?? "",
                p.CreatedAt,
                lastUsed.FirstOrDefault(u => u.CredentialId.AsSpan().SequenceEqual(p.CredentialId))?.At,
                p.IsBackupEligible))
            .ToList();
    }

    /// <summary>One of the person's own passkeys; null for an unknown id or another person's.</summary>
    public async Task<PasskeySummary?> FindAsync(PortalUser user, string? id) =>
        (await ListAsync(user)).FirstOrDefault(p => p.Id == id);

    public async Task<bool> RenameAsync(PortalUser user, string id, string name)
    {
        if (Decode(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return false;
        }

        var oldName = passkey.Name;
        passkey.Name = name.Trim();
        audit.Add(AuditEventTypes.PasskeyRenamed, user, details: new { from = oldName, to = passkey.Name });
        notices.Queue(user, new PasskeyRenamedNotice(oldName ?? "", passkey.Name));
        Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
        return true;
    }

    /// <summary>
    /// Removes one of the person's passkeys after they re-authenticated (OWASP ASVS 5.0 V7.5.1);
    /// null when it is not theirs (or gone already). Refused while an organisation of the person
    /// requires what would be left unmet (<see cref="MfaPolicy.RefusingRemovalOfPasskey"/>); the
    /// person's last second factor takes the backup codes with it, as the last app does.
    /// </summary>
    public async Task<RemovedAuthenticator?> RemoveAsync(PortalUser user, ReauthenticationProof proof, string id, Guid? keepSession)
    {
        proof.EnsureFor(user, clock.GetUtcNow());
        if (Decode(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return null;
        }

        var name = passkey.Name ?? "";
        var policy = await workspaces.MfaPolicyAsync(user.Id);
        if (policy.RefusingRemovalOfPasskey is { Count: > 0 } requiredBy)
        {
            return new RemovedAuthenticator(name, TwoFactorTurnedOff: false, requiredBy);
        }

        var last = !policy.Factors.WithoutOnePasskey().Any;
        await db.InTransactionAsync(async () =>
        {
            Check(await users.RemovePasskeyAsync(user, credentialId));
            if (last)
            {
                await removal.RemoveSecondFactorsAsync(user);
            }

            await changes.RecordAsync(user, AuditEventTypes.PasskeyRemoved, keepSession, new { name, twoFactorOff = last },
                notice: new PasskeyRemovedNotice(name));
        });
        return new RemovedAuthenticator(name, last, []);
    }

    internal static byte[]? Decode(string? base64Url)
    {
        // Credential ids are at most 1023 bytes (WebAuthn Level 3 §5.1).
        if (string.IsNullOrEmpty(base64Url) || base64Url.Length > 1400)
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The account changed at the same moment; nothing was saved: "
                + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}
