using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.DataProtection;
using Portal.Core.Mfa;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Platform;

/// <summary>
/// With DataProtection:Certificate configured the key ring is encrypted at rest (ASVS V11.1.2,
/// V13.3.1): the rows hold no key in clear, and without the certificate nothing they protect opens.
/// Without one, Production says so once at start, naming the setting.
/// </summary>
public sealed class KeyRingCertificateTests(KeyRingCertificateTests.CertificateFactory factory)
    : IClassFixture<KeyRingCertificateTests.CertificateFactory>
{
    [Fact]
    public async Task Keys_are_encrypted_with_the_configured_certificate_and_open_only_with_it()
    {
        var secret = factory.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(AuthenticatorService.SecretPurpose).Protect("JBSWY3DPEHPK3PXP");

        var keys = await factory.WithServicesAsync(s => s.GetRequiredService<PortalDbContext>().DataProtectionKeys.ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("EncryptedData", key.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", key.Xml, StringComparison.Ordinal);
        });

        Assert.Equal("JBSWY3DPEHPK3PXP", Unprotect(secret, factory.PemSettings));
        Assert.ThrowsAny<CryptographicException>(() => Unprotect(secret, []));
    }

    [Fact]
    public async Task Production_without_a_certificate_warns_once_naming_the_setting()
    {
        var production = new ProductionFactory();
        await production.InitializeAsync();
        try
        {
            production.Services.GetRequiredService<IDataProtectionProvider>();
            var log = await production.ReadLogAsync();

            Assert.Single(log.Split('\n'), line => line.Contains("Data Protection keys are stored unencrypted", StringComparison.Ordinal));
            Assert.Contains(KeyRingCertificate.EnvironmentVariable, log, StringComparison.Ordinal);
            Assert.DoesNotContain("Data Protection keys are stored unencrypted", await factory.ReadLogAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)production).DisposeAsync();
        }
    }

    /// <summary>Another process on the same database, as the portal's registration sets it up from these settings.</summary>
    private string Unprotect(string payload, Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<PortalDbContext>(o => o.UseNpgsql(TestDatabase.ConnectionString(factory.Database)));
        services.AddPortalDataProtection(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetDataProtector(AuthenticatorService.SecretPurpose).Unprotect(payload);
    }

    public sealed class CertificateFactory : PortalFactory
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("portal-keyring-").FullName;

        public CertificateFactory()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=Portal key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
            File.WriteAllText(Path.Combine(_folder, "keyring.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(_folder, "keyring.key"), rsa.ExportPkcs8PrivateKeyPem());
        }

        private string PfxPath => Path.Combine(_folder, "keyring.pfx");

        /// <summary>The same certificate as PEM files, the other form the setting takes.</summary>
        public Dictionary<string, string?> PemSettings => new()
        {
            [$"{KeyRingCertificate.Section}:Path"] = Path.Combine(_folder, "keyring.pem"),
            [$"{KeyRingCertificate.Section}:KeyPath"] = Path.Combine(_folder, "keyring.key"),
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting($"{KeyRingCertificate.Section}:Path", PfxPath);
            builder.UseSetting($"{KeyRingCertificate.Section}:Password", "pfx-password");
        }
    }

    private sealed class ProductionFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
