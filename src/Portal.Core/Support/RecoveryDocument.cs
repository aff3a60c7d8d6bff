namespace Portal.Core.Support;

public enum RecoveryDocumentKind
{
    IdentityDocument = 0,
    Selfie = 1,
    RegistryExtract = 2,
}

/// <summary>
/// An uploaded identity document, stored in PostgreSQL (outside the web root) and encrypted with
/// Data Protection, so a database dump alone does not expose it. Deleted once the request is decided.
/// </summary>
public class RecoveryDocument
{
    public const int MaxFileNameLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public RecoveryRequest? Request { get; set; }

    public RecoveryDocumentKind Kind { get; set; }

    /// <summary>The uploaded name, sanitised; shown and offered as the download name, never used as a path.</summary>
    public string FileName { get; set; } = "";

    /// <summary>Decided by the file's first bytes, never by its name or the browser's claim.</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>The file, encrypted (purpose <see cref="RecoveryDocuments.ProtectorPurpose"/>).</summary>
    public byte[] Content { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
