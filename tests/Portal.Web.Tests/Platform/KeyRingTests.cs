using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;
using Portal.Core.Mfa;
using Portal.Core.Support;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// The Data Protection key ring lives in the DataProtectionKeys table. A ring written there before
/// the portal used EF Core's key store (key-ring-before-ef-store.json: the rows and three payloads
/// the earlier repository produced) must still decrypt sign-in cookies, authenticator secrets and
/// recovery documents, or an upgrade would sign everyone out and lose every enrolled authenticator.
/// </summary>
public sealed class KeyRingTests(KeyRingTests.OldRingFactory factory) : IClassFixture<KeyRingTests.OldRingFactory>
{
    private static readonly Fixture Written = JsonSerializer.Deserialize<Fixture>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Platform", "key-ring-before-ef-store.json")))!;

    [Fact]
    public async Task Ring_written_before_the_EF_Core_store_decrypts_secrets_documents_and_cookies()
    {
        var protection = factory.Services.GetRequiredService<IDataProtectionProvider>();

        Assert.Equal("JBSWY3DPEHPK3PXP", protection.CreateProtector(AuthenticatorService.SecretPurpose).Unprotect(Written.TotpSecret));
        Assert.Equal("%PDF-1.4 passport scan"u8.ToArray(),
            protection.CreateProtector(RecoveryDocuments.ProtectorPurpose).Unprotect(Convert.FromBase64String(Written.RecoveryDocument)));
        var cookie = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).TicketDataFormat.Unprotect(Written.Cookie);
        Assert.Equal("alice@portal.example", cookie?.Principal.FindFirstValue(ClaimTypes.Name));

        // Reading the old ring did not replace it: its key is still the only one.
        var keys = await factory.WithServicesAsync(s => s.GetRequiredService<PortalDbContext>().DataProtectionKeys.ToListAsync());
        Assert.Equal(Written.Keys.Select(k => k.FriendlyName), keys.Select(k => k.FriendlyName));
    }

    public sealed class OldRingFactory : PortalFactory
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString(Database));
            await connection.OpenAsync();
            foreach (var key in Written.Keys)
            {
                await using var insert = new NpgsqlCommand(
                    """INSERT INTO "DataProtectionKeys" ("FriendlyName", "Xml") VALUES ($1, $2)""", connection);
                insert.Parameters.AddWithValue(key.FriendlyName);
                insert.Parameters.AddWithValue(key.Xml);
                await insert.ExecuteNonQueryAsync();
            }
        }
    }

    private sealed record Fixture(WrittenKey[] Keys, string TotpSecret, string RecoveryDocument, string Cookie);

    private sealed record WrittenKey(string FriendlyName, string Xml);
}
