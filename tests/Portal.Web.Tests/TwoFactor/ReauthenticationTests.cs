using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Accounts;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.TwoFactor;

/// <summary>
/// The Core commands that weaken an account take a <see cref="ReauthenticationProof"/> that only a
/// successful password check makes (OWASP ASVS 5.0 V7.5.1), refuse anyone else's or a stale one, and
/// commit their notice e-mail and audit event in the same transaction as the change.
/// </summary>
public sealed class ReauthenticationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>A weakening command, what it needs set up first, and the audit event and e-mail it must commit with.</summary>
    public sealed record Command(string Name, string AuditType, string Template, Func<IServiceProvider, PortalUser, ReauthenticationProof, Task> Run);

    private static readonly Command[] Commands =
    [
        new("remove an authenticator", AuditEventTypes.AuthenticatorRemoved, "AuthenticatorRemovedEmail", async (services, user, proof) =>
        {
            var id = (await services.GetRequiredService<AuthenticatorService>().ListAsync(user.Id))[0].Id;
            await services.GetRequiredService<AuthenticatorService>().RemoveAsync(user, proof, id, keepSession: null);
        }),
        new("regenerate backup codes", AuditEventTypes.BackupCodesGenerated, "BackupCodesGeneratedEmail", (services, user, proof) =>
            services.GetRequiredService<BackupCodeService>().RegenerateAsync(user, proof, keepSession: null)),
        new("turn two-factor off", AuditEventTypes.TwoFactorDisabled, "TwoFactorTurnedOffEmail", (services, user, proof) =>
            services.GetRequiredService<TwoFactorRemoval>().TurnOffAsync(user, proof, keepSession: null)),
        new("change the backup e-mail", AuditEventTypes.BackupEmailChanged, "BackupEmailChangedEmail", (services, user, proof) =>
            services.GetRequiredService<BackupEmailService>().SetAsync(user, proof, TestData.NewEmail("new-backup"), keepSession: null)),
        new("remove the backup e-mail", AuditEventTypes.BackupEmailRemoved, "BackupEmailRemovedEmail", (services, user, proof) =>
            services.GetRequiredService<BackupEmailService>().RemoveAsync(user, proof, keepSession: null)),
        new("remove a passkey", AuditEventTypes.PasskeyRemoved, "PasskeyRemovedEmail", async (services, user, proof) =>
        {
            var id = (await services.GetRequiredService<PasskeyService>().ListAsync(user))[0].Id;
            await services.GetRequiredService<PasskeyService>().RemoveAsync(user, proof, id, keepSession: null);
        }),
        // A password change by the person: the current password is its re-authentication (PasswordChange.ChangeAsync).
        new("change the password", AuditEventTypes.PasswordChanged, "PasswordChangedEmail", (services, user, proof) => proof.UserId == user.Id
            ? services.GetRequiredService<PasswordChange>().ChangeAsync(user, TestData.Password, NewPassword, currentSession: null)
            : services.GetRequiredService<PortalUserManager>().ReplaceVerifiedPasswordAsync(user, proof, NewPassword, () => { })),
    ];

    private const string NewPassword = "Another-Battery-Staple-9";

    public static TheoryData<string> CommandNames => [.. Commands.Select(c => c.Name)];

    [Fact]
    public void Only_Reauthentication_makes_a_proof_and_every_weakening_command_takes_one()
    {
        var proof = typeof(ReauthenticationProof);
        Assert.Empty(proof.GetConstructors());
        Assert.DoesNotContain(proof.GetMethods(BindingFlags.Public | BindingFlags.Static), m => m.ReturnType == proof);
        MethodInfo[] weakening =
        [
            typeof(AuthenticatorService).GetMethod(nameof(AuthenticatorService.RemoveAsync))!,
            typeof(BackupCodeService).GetMethod(nameof(BackupCodeService.RegenerateAsync))!,
            typeof(TwoFactorRemoval).GetMethod(nameof(TwoFactorRemoval.TurnOffAsync))!,
            typeof(BackupEmailService).GetMethod(nameof(BackupEmailService.SetAsync))!,
            typeof(BackupEmailService).GetMethod(nameof(BackupEmailService.RemoveAsync))!,
            typeof(PortalUserManager).GetMethod(nameof(PortalUserManager.ReplaceVerifiedPasswordAsync))!,
            typeof(PasskeyService).GetMethod(nameof(PasskeyService.RemoveAsync))!,
        ];
        Assert.All(weakening, method => Assert.Contains(method.GetParameters(), p => p.ParameterType == proof));
    }

    [Fact]
    public async Task A_wrong_password_gives_no_proof()
    {
        var user = await factory.Data.UserAsync();

        var proof = await factory.WithServicesAsync(async services =>
            await services.GetRequiredService<Reauthentication>().WithPasswordAsync(await FindAsync(services, user), "not-the-password"));

        Assert.Null(proof);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Someone_elses_proof_is_refused_and_nothing_changes(string name)
    {
        var command = Commands.Single(c => c.Name == name);
        var user = await PreparedUserAsync();
        var other = await factory.Data.UserAsync();

        await factory.WithServicesAsync(async services =>
        {
            var proof = await ProofAsync(services, other);
            var found = await FindAsync(services, user);
            await Assert.ThrowsAsync<InvalidOperationException>(() => command.Run(services, found, proof));
            return true;
        });

        Assert.Equal(0, await AuditCountAsync(user, command.AuditType));
    }

    [Fact]
    public async Task A_proof_older_than_its_lifetime_is_refused()
    {
        var user = await PreparedUserAsync();

        await factory.WithServicesAsync(async services =>
        {
            var found = await FindAsync(services, user);
            var proof = await ProofAsync(services, found);
            factory.Clock.Advance(ReauthenticationProof.Lifetime + TimeSpan.FromSeconds(1));
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                services.GetRequiredService<TwoFactorRemoval>().TurnOffAsync(found, proof, keepSession: null));
            return true;
        });

        Assert.Equal(0, await AuditCountAsync(user, AuditEventTypes.TwoFactorDisabled));
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task The_change_its_audit_event_and_its_notice_commit_in_one_transaction(string name)
    {
        var command = Commands.Single(c => c.Name == name);
        var user = await PreparedUserAsync();

        await factory.WithServicesAsync(async services =>
        {
            var found = await FindAsync(services, user);
            await command.Run(services, found, await ProofAsync(services, found));
            return true;
        });

        // PostgreSQL stamps every row a transaction writes with that transaction's id (xmin).
        await factory.WithDbAsync(async db =>
        {
            var auditEvent = await SingleXminAsync(db, $"SELECT xmin::text AS \"Value\" FROM \"AuditEvents\" WHERE \"ActorUserId\" = {user.Id} AND \"Type\" = {command.AuditType}");
            var notice = await SingleXminAsync(db, $"SELECT xmin::text AS \"Value\" FROM \"MailOutbox\" WHERE \"Recipient\" = {user.Email} AND \"Template\" = {command.Template}");
            var account = await SingleXminAsync(db, $"SELECT xmin::text AS \"Value\" FROM \"AspNetUsers\" WHERE \"Id\" = {user.Id}");
            Assert.Equal(auditEvent, notice);
            Assert.Equal(auditEvent, account);
        });
    }

    /// <summary>Someone with an authenticator app, backup codes, a passkey and a verified backup e-mail: every command has something to weaken.</summary>
    private async Task<PortalUser> PreparedUserAsync()
    {
        var user = await factory.Data.UserAsync();
        await factory.EnrolAsync(user);
        await factory.SetVerifiedBackupEmailAsync(user, TestData.NewEmail("backup"));
        await factory.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            // Stored as Identity stores a verified registration; the removal never looks at the key itself.
            var passkey = new UserPasskeyInfo(
                RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(77), factory.Clock.GetUtcNow(), 0,
                ["internal"], isUserVerified: true, isBackupEligible: false, isBackedUp: false, attestationObject: [], clientDataJson: [])
            { Name = "Laptop" };
            return (await users.AddOrUpdatePasskeyAsync((await FindAsync(services, user)), passkey)).Succeeded;
        });
        return user;
    }

    private static async Task<PortalUser> FindAsync(IServiceProvider services, PortalUser user) =>
        (await services.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(user.Id.ToString()))!;

    private static async Task<ReauthenticationProof> ProofAsync(IServiceProvider services, PortalUser user) =>
        await services.GetRequiredService<Reauthentication>().WithPasswordAsync(await FindAsync(services, user), TestData.Password)
        ?? throw new InvalidOperationException("The test password was refused.");

    private static async Task<string> SingleXminAsync(PortalDbContext db, FormattableString sql) =>
        Assert.Single(await db.Database.SqlQuery<string>(sql).ToListAsync());

    private async Task<int> AuditCountAsync(PortalUser user, string type)
    {
        var count = 0;
        await factory.WithDbAsync(async db => count = await db.AuditEvents.CountAsync(e => e.ActorUserId == user.Id && e.Type == type));
        return count;
    }
}
