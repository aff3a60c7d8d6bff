using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Web.Tests.Passkeys;

/// <summary>
/// A passkey authenticator in the test, for crafting WebAuthn responses byte by byte (WebAuthn
/// Level 3 §6.1 authenticator data, §6.5 attestation object with the "none" format, §5.8.5 COSE
/// key): one ECDSA P-256 key (ES256, COSE alg −7), its credential id, and a signature counter the
/// test may set (to send a counter that goes backwards). Nothing of the portal's code is used.
/// </summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte UserVerified = 0x04;
    private const byte BackupEligible = 0x08;
    private const byte AttestedData = 0x40;

    private static readonly string[] Transports = ["internal"];

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    public string Id => Base64Url.EncodeToString(CredentialId);

    public uint Counter { get; set; }

    /// <summary>The user handle the authenticator stored at registration (returned with each assertion).</summary>
    public string? UserHandle { get; private set; }

    public void Dispose() => _key.Dispose();

    /// <summary>The answer to <c>navigator.credentials.create(options)</c>, as the browser's toJSON() gives it.</summary>
    public string Create(string optionsJson, string origin, string? rpId = null, bool verified = true, bool synced = false)
    {
        var options = JsonNode.Parse(optionsJson)!;
        rpId ??= options["rp"]!["id"]!.GetValue<string>();
        UserHandle = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(options["user"]!["id"]!.GetValue<string>()));
        var clientData = ClientData("webauthn.create", options["challenge"]!.GetValue<string>(), origin);
        var parameters = _key.ExportParameters(false);
        var coseKey = new Cbor().Map(5)
            .Int(1).Int(2) // kty: EC2
            .Int(3).Int(-7) // alg: ES256
            .Int(-1).Int(1) // crv: P-256
            .Int(-2).Bytes(parameters.Q.X!)
            .Int(-3).Bytes(parameters.Q.Y!)
            .ToArray();
        var flags = (byte)(UserPresent | AttestedData | (verified ? UserVerified : 0) | (synced ? BackupEligible : 0));
        byte[] authData = [.. AuthData(rpId, flags), .. new byte[16], .. BigEndian16(CredentialId.Length), .. CredentialId, .. coseKey];
        var attestationObject = new Cbor().Map(3)
            .Text("fmt").Text("none")
            .Text("attStmt").Map(0)
            .Text("authData").Bytes(authData)
            .ToArray();
        return Json(new
        {
            id = Id,
            rawId = Id,
            type = "public-key",
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                attestationObject = Base64Url.EncodeToString(attestationObject),
                transports = Transports,
            },
            clientExtensionResults = new { },
            authenticatorAttachment = "platform",
        });
    }

    /// <summary>The answer to <c>navigator.credentials.get(options)</c>; the counter goes up by one unless the test set it.</summary>
    public string Get(string optionsJson, string origin, string? rpId = null, bool verified = true, bool synced = false,
        string? userHandle = null, string? challenge = null)
    {
        var options = JsonNode.Parse(optionsJson)!;
        rpId ??= options["rpId"]!.GetValue<string>();
        var clientData = ClientData("webauthn.get", challenge ?? options["challenge"]!.GetValue<string>(), origin);
        Counter++;
        var authData = AuthData(rpId, (byte)(UserPresent | (verified ? UserVerified : 0) | (synced ? BackupEligible : 0)));
        byte[] signed = [.. authData, .. SHA256.HashData(clientData)];
        var signature = _key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Json(new
        {
            id = Id,
            rawId = Id,
            type = "public-key",
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                authenticatorData = Base64Url.EncodeToString(authData),
                signature = Base64Url.EncodeToString(signature),
                userHandle = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(userHandle ?? UserHandle ?? "")),
            },
            clientExtensionResults = new { },
            authenticatorAttachment = "platform",
        });
    }

    private byte[] AuthData(string rpId, byte flags)
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, Counter);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. counter];
    }

    private static byte[] ClientData(string type, string challenge, string origin) =>
        Encoding.UTF8.GetBytes(Json(new { type, challenge, origin, crossOrigin = false }));

    private static byte[] BigEndian16(int value) => [(byte)(value >> 8), (byte)value];

    private static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>Just enough CBOR (RFC 8949) for an attestation object and a COSE key: maps, ints, byte and text strings.</summary>
    private sealed class Cbor
    {
        private readonly List<byte> _bytes = [];

        public Cbor Map(int entries) => Head(5, (ulong)entries);

        public Cbor Int(long value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));

        public Cbor Bytes(byte[] value)
        {
            Head(2, (ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public Cbor Text(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            Head(3, (ulong)utf8.Length);
            _bytes.AddRange(utf8);
            return this;
        }

        public byte[] ToArray() => [.. _bytes];

        private Cbor Head(int major, ulong value)
        {
            var type = (byte)(major << 5);
            if (value < 24)
            {
                _bytes.Add((byte)(type | (byte)value));
            }
            else if (value <= byte.MaxValue)
            {
                _bytes.Add((byte)(type | 24));
                _bytes.Add((byte)value);
            }
            else
            {
                _bytes.Add((byte)(type | 25));
                _bytes.Add((byte)(value >> 8));
                _bytes.Add((byte)value);
            }

            return this;
        }
    }
}
