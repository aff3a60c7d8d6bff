using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Mfa;

/// <summary>
/// A person's TOTP authenticator apps (RFC 6238, see <see cref="Totp"/>): enrolment, rename, removal,
/// and checking a login code with replay protection.
/// </summary>
public sealed class AuthenticatorService(
    PortalDbContext db,
    IDataProtectionProvider dataProtection,
    TimedTokens tokens,
    TimeProvider clock,
    SecurityChanges changes,
    BackupCodeService backupCodes,
    TwoFactorRemoval settings,
    UserWorkspaces workspaces,
    AuditLog audit)
{
    /// <summary>The issuer in the otpauth URI: the name authenticator apps show above the code.</summary>
    public const string Issuer = "Portal";

    /// <summary>How long the person has to scan the QR code and confirm it with a code.</summary>
    public static readonly TimeSpan EnrolmentLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The Data Protection purpose of the stored secrets (the benchmark seeds authenticators with it).</summary>
    public const string SecretPurpose = "Portal.Mfa.TotpSecret.v1";

    private const string EnrolmentPurpose = "authenticator-enrolment";

    /// <summary>Secrets at rest (SP 800-63B §5.1.4.2): Data Protection keys are stored apart from these rows.</summary>
    private readonly IDataProtector _secrets = dataProtection.CreateProtector(SecretPurpose);

    /// <summary>
    /// A fresh 160-bit secret from the CSPRNG (RFC 4226 §4 R6). It is not stored until confirmed:
    /// the form carries it encrypted, bound to the person and to a 10-minute lifetime.
    /// </summary>
    public PendingEnrolment BeginEnrolment(PortalUser user)
    {
        var payload = $"{Guid.CreateVersion7()}:{Totp.ToBase32(Totp.NewSecret())}";
        return Describe(user, tokens.Protect(EnrolmentPurpose, user.Id, payload), payload);
    }

    /// <summary>The same enrolment again (to show it after a wrong code), or null when it expired or is not this person's.</summary>
    public PendingEnrolment? ResumeEnrolment(PortalUser user, string? state) =>
        tokens.Unprotect(EnrolmentPurpose, user.Id, state, EnrolmentLifetime) is { } payload ? Describe(user, state!, payload) : null;

    /// <summary>
    /// Saves the authenticator once the person typed a current code from it (spaces allowed). The
    /// first authenticator turns two-factor authentication on and comes with a set of backup codes.
    /// </summary>
    public async Task<EnrolmentResult> ConfirmEnrolmentAsync(PortalUser user, string? state, string name, string code, Guid? keepSession)
    {
        if (tokens.Unprotect(EnrolmentPurpose, user.Id, state, EnrolmentLifetime) is not { } payload)
        {
            return new EnrolmentResult(EnrolmentStatus.Expired);
        }

        var (id, base32) = Split(payload);
        var now = clock.GetUtcNow();
        var step = Totp.MatchStep(Totp.FromBase32(base32), code, now);
        if (step is null)
        {
            return new EnrolmentResult(EnrolmentStatus.WrongCode);
        }

        // The enrolment id becomes the authenticator's id, so the same form submitted twice adds one authenticator.
        if (await db.Authenticators.AnyAsync(a => a.Id == id))
        {
            return new EnrolmentResult(EnrolmentStatus.Expired);
        }

        var first = !await HasAnyAsync(user.Id);
        IReadOnlyList<string>? newCodes = null;
        await db.InTransactionAsync(async () =>
        {
            db.Authenticators.Add(new Authenticator
            {
                Id = id,
                UserId = user.Id,
                Name = name.Trim(),
                ProtectedSecret = _secrets.Protect(base32),
                CreatedAt = now,
                // The confirmation code's step counts as used: it cannot sign anyone in afterwards.
                LastAcceptedStep = step,
            });
            if (first)
            {
                newCodes = await backupCodes.AddNewSetAsync(user.Id);
            }

            // Identity's flag follows the authenticators (Identity's own code paths read it).
            user.TwoFactorEnabled = true;
            await changes.RecordAsync(user, AuditEventTypes.AuthenticatorAdded, keepSession, new { name = name.Trim(), first },
                notice: new AuthenticatorAddedNotice(name.Trim()));
        });
        return new EnrolmentResult(EnrolmentStatus.Added, newCodes);
    }

    /// <summary>True when the person has at least one confirmed authenticator, i.e. logins ask for a second factor.</summary>
    public Task<bool> HasAnyAsync(Guid userId) => db.Authenticators.AnyAsync(a => a.UserId == userId);

    public Task<List<AuthenticatorSummary>> ListAsync(Guid userId) =>
        db.Authenticators.AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderBy(a => a.CreatedAt)
            .Select(a => new AuthenticatorSummary(a.Id, a.Name, a.CreatedAt, a.LastUsedAt))
            .ToListAsync();

    /// <summary>One of the person's own authenticators; null for anyone else's id.</summary>
    public Task<AuthenticatorSummary?> FindAsync(Guid userId, Guid id) =>
        db.Authenticators.AsNoTracking()
            .Where(a => a.Id == id && a.UserId == userId)
            .Select(a => new AuthenticatorSummary(a.Id, a.Name, a.CreatedAt, a.LastUsedAt))
            .SingleOrDefaultAsync();

    public async Task<bool> RenameAsync(PortalUser user, Guid id, string name, Guid? keepSession)
    {
        var authenticator = await db.Authenticators.SingleOrDefaultAsync(a => a.Id == id && a.UserId == user.Id);
        if (authenticator is null)
        {
            return false;
        }

        var previous = authenticator.Name;
        authenticator.Name = name.Trim();
        await changes.RecordAsync(user, AuditEventTypes.AuthenticatorRenamed, keepSession, new { from = previous, to = authenticator.Name },
            notice: new AuthenticatorRenamedNotice(previous, authenticator.Name));
        return true;
    }

    /// <summary>
    /// Removes one of the person's authenticators, after re-authentication. Removing the last
    /// second factor (no other app, no passkey) turns two-factor authentication off, backup codes
    /// included; a removal the person's organisations' requirements forbid is refused. Null for anyone else's id.
    /// </summary>
    public async Task<RemovedAuthenticator?> RemoveAsync(PortalUser user, ReauthenticationProof proof, Guid id, Guid? keepSession)
    {
        proof.EnsureFor(user, clock.GetUtcNow());
        var authenticator = await db.Authenticators.SingleOrDefaultAsync(a => a.Id == id && a.UserId == user.Id);
        if (authenticator is null)
        {
            return null;
        }

        var requiredBy = (await workspaces.MfaPolicyAsync(user.Id)).RefusingRemovalOfAuthenticatorApp;
        if (requiredBy.Count > 0)
        {
            return new RemovedAuthenticator(authenticator.Name, TwoFactorTurnedOff: false, requiredBy);
        }

        var lastApp = !await db.Authenticators.AnyAsync(a => a.UserId == user.Id && a.Id != id);
        var last = lastApp && !await db.UserPasskeys.AnyAsync(p => p.UserId == user.Id);

        await db.InTransactionAsync(async () =>
        {
            if (last)
            {
                await settings.RemoveSecondFactorsAsync(user);
                db.Entry(authenticator).State = EntityState.Detached;
            }
            else
            {
                db.Authenticators.Remove(authenticator);
                // Identity's flag means "has an authenticator app"; the passkeys stay, and so do the backup codes.
                user.TwoFactorEnabled = !lastApp;
            }

            await changes.RecordAsync(user, AuditEventTypes.AuthenticatorRemoved, keepSession,
                new { name = authenticator.Name, twoFactorOff = last }, notice: new AuthenticatorRemovedNotice(authenticator.Name, last));
        });
        return new RemovedAuthenticator(authenticator.Name, last, []);
    }

    /// <summary>
    /// Checks a login code against each of the person's authenticators (one step either side, see
    /// <see cref="Totp.MatchStep"/>). A matching code is accepted only if its time step is later than
    /// the last step accepted from that authenticator, decided by ONE conditional UPDATE whose
    /// affected-row count is the answer: two requests racing with the same code, on one instance or
    /// several, cannot both win (RFC 6238 §5.2; SP 800-63B §5.1.4.1 "accepted only once").
    /// </summary>
    public async Task<CodeCheck> VerifyAsync(PortalUser user, string code, IReadOnlyList<AuthenticatorSecret>? authenticators = null)
    {
        var now = clock.GetUtcNow();
        var candidates = authenticators ?? await db.Authenticators.AsNoTracking()
            .Where(a => a.UserId == user.Id)
            .Select(a => new AuthenticatorSecret(a.Id, a.Name, a.ProtectedSecret))
            .ToListAsync();
        foreach (var candidate in candidates)
        {
            var secret = Totp.FromBase32(_secrets.Unprotect(candidate.ProtectedSecret));
            if (Totp.MatchStep(secret, code, now) is not { } step)
            {
                continue;
            }

            var accepted = await db.Authenticators
                .Where(a => a.Id == candidate.Id && (a.LastAcceptedStep == null || a.LastAcceptedStep < step))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.LastAcceptedStep, step).SetProperty(a => a.LastUsedAt, now));
            if (accepted == 1)
            {
                return CodeCheck.Accepted;
            }

            await audit.WriteAsync(AuditEventTypes.TotpReplayed, user, details: new { authenticator = candidate.Name });
            return CodeCheck.Replayed;
        }

        return CodeCheck.Wrong;
    }

    private static PendingEnrolment Describe(PortalUser user, string state, string payload)
    {
        var (_, base32) = Split(payload);
        return new PendingEnrolment(state, Totp.OtpAuthUri(Issuer, user.Email!, base32), Totp.FormatForTyping(base32));
    }

    private static (Guid Id, string Base32) Split(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        return (Guid.Parse(payload.AsSpan(0, colon)), payload[(colon + 1)..]);
    }
}
