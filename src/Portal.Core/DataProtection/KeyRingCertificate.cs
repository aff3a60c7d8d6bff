using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Core.DataProtection;

/// <summary>
/// The certificate that encrypts the Data Protection key ring at rest (OWASP ASVS 5.0 V11.1.2,
/// V13.3.1): without it, anyone who reads the database could decrypt authenticator secrets and
/// recovery documents and forge sign-in cookies. Settings under <c>DataProtection:Certificate</c>:
/// <c>Path</c> (a PKCS#12 file, or a PEM certificate with <c>KeyPath</c> or the key in the same
/// file), <c>Password</c> when the file or key is encrypted. Rotation: the old certificates stay
/// listed under <c>DataProtection:PreviousCertificates:0:Path</c> (…) so keys they encrypted still open.
/// </summary>
public sealed class KeyRingCertificate
{
    public const string Section = "DataProtection:Certificate";
    public const string PreviousSection = "DataProtection:PreviousCertificates";

    /// <summary>How the setting is spelled in the environment, for the start-up warning and the README.</summary>
    public const string EnvironmentVariable = "DataProtection__Certificate__Path";

    public string? Path { get; set; }

    public string? KeyPath { get; set; }

    public string? Password { get; set; }

    /// <summary>Encrypts new keys with the configured certificate and opens keys of previous ones; false when none is configured.</summary>
    public static bool Apply(IDataProtectionBuilder builder, IConfiguration configuration)
    {
        if (configuration.GetSection(Section).Get<KeyRingCertificate>() is not { Path: { Length: > 0 } } current)
        {
            return false;
        }

        var certificate = current.Load();
        builder.ProtectKeysWithCertificate(certificate);
        var previous = configuration.GetSection(PreviousSection).Get<KeyRingCertificate[]>() ?? [];
        builder.UnprotectKeysWithAnyCertificate([certificate, .. previous.Where(p => p.Path is { Length: > 0 }).Select(p => p.Load())]);
        return true;
    }

    /// <exception cref="InvalidOperationException">The file is missing, unreadable or has no private key.</exception>
    public X509Certificate2 Load()
    {
        var path = Path!;
        try
        {
            var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? string.IsNullOrEmpty(Password)
                    ? X509Certificate2.CreateFromPemFile(path, KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, Password, KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, Password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"The Data Protection certificate {path} has no private key.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"The Data Protection certificate {path} cannot be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// In production, one warning at start when the key ring is stored unencrypted. In Development,
    /// where that is expected, one calm line says what it means instead (ASP.NET Core's own "No XML
    /// encryptor configured" warning is silenced there in appsettings.Development.json).
    /// </summary>
    internal sealed class UnencryptedWarning(IHostEnvironment environment, ILogger<KeyRingCertificate> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (environment.IsProduction())
            {
                logger.LogWarning(
                    "Data Protection keys are stored unencrypted in the database: anyone who can read it can decrypt authenticator secrets and recovery documents and forge sign-in cookies. Set {Setting} (and DataProtection__Certificate__Password) to a certificate with a private key; see README, Production checklist.",
                    EnvironmentVariable);
            }
            else if (environment.IsDevelopment())
            {
                logger.LogInformation(
                    "Development: the Data Protection keys are kept unencrypted in your local database, which is expected on this machine; production sets {Setting} to encrypt them.",
                    EnvironmentVariable);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
