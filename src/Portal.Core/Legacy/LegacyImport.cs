using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Organisations;

namespace Portal.Core.Legacy;

public sealed record LegacyImportResult(int Imported, int Unchanged, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports the old portal's CSV export (<c>username,password_hash,organisation_slug,environment_slug,role</c>).
/// All or nothing: one bad row is reported with its line number and nothing is imported. Importing
/// the same file again changes nothing: usernames already present are left as they are.
/// </summary>
public sealed class LegacyImport(PortalDbContext db, TimeProvider clock)
{
    private const string Header = "username,password_hash,organisation_slug,environment_slug,role";

    public async Task<LegacyImportResult> ImportAsync(TextReader csv)
    {
        var rows = new List<(int Line, string Username, string Hash, string Organisation, string Environment, OrganisationRole Role)>();
        var errors = new List<string>();
        var seen = new HashSet<string>();
        var lineNumber = 0;
        while (await csv.ReadLineAsync() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || (lineNumber == 1 && line.Trim().Equals(Header, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            var error = fields.Length != 5 ? "expected 5 fields: " + Header
                : fields[0].Length is 0 or > 128 || fields[0].Contains('@', StringComparison.Ordinal) ? "the username is empty, too long or contains '@'"
                : !IsIdentityHash(fields[1]) ? "the password hash is not an ASP.NET Identity v2 or v3 hash"
                : !Enum.TryParse<OrganisationRole>(fields[4], ignoreCase: true, out _) || int.TryParse(fields[4], out _) ? "the role must be Admin or Member"
                : !seen.Add(fields[0].ToLowerInvariant()) ? "the username appears twice in the file"
                : null;
            if (error is not null)
            {
                errors.Add($"line {lineNumber}: {error}");
                continue;
            }

            rows.Add((lineNumber, fields[0].ToLowerInvariant(), fields[1], fields[2].ToLowerInvariant(), fields[3].ToLowerInvariant(), Enum.Parse<OrganisationRole>(fields[4], ignoreCase: true)));
        }

        var slugs = rows.Select(r => r.Organisation).Distinct().ToList();
        var environments = await db.Environments.AsNoTracking()
            .Where(e => slugs.Contains(e.Organisation!.Slug))
            .Select(e => new { OrganisationSlug = e.Organisation!.Slug, e.OrganisationId, e.Slug, e.Id })
            .ToListAsync();
        var usernames = rows.Select(r => r.Username).ToList();
        var existing = (await db.LegacyAccounts.Where(a => usernames.Contains(a.Username)).Select(a => a.Username).ToListAsync()).ToHashSet();

        var accounts = new List<LegacyAccount>();
        foreach (var row in rows)
        {
            var environment = environments.FirstOrDefault(e => e.OrganisationSlug == row.Organisation && e.Slug == row.Environment);
            if (environment is null)
            {
                errors.Add(environments.Any(e => e.OrganisationSlug == row.Organisation)
                    ? $"line {row.Line}: organisation '{row.Organisation}' has no environment '{row.Environment}'"
                    : $"line {row.Line}: there is no organisation '{row.Organisation}'");
                continue;
            }

            if (!existing.Contains(row.Username))
            {
                accounts.Add(new LegacyAccount
                {
                    Username = row.Username,
                    PasswordHash = row.Hash,
                    OrganisationId = environment.OrganisationId,
                    EnvironmentId = environment.Id,
                    Role = row.Role,
                    ImportedAt = clock.GetUtcNow(),
                });
            }
        }

        if (errors.Count > 0)
        {
            return new LegacyImportResult(0, 0, errors.OrderBy(e => int.Parse(e.Split(' ', ':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList());
        }

        db.LegacyAccounts.AddRange(accounts);
        await db.SaveChangesAsync();
        return new LegacyImportResult(accounts.Count, rows.Count - accounts.Count, []);
    }

    /// <summary>Identity's formats: base64 of a 0x00 (v2: PBKDF2-SHA1) or 0x01 (v3) marker byte and the rest.</summary>
    private static bool IsIdentityHash(string hash)
    {
        Span<byte> bytes = stackalloc byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length)
            && ((bytes[0] == 0x00 && length == 49) || (bytes[0] == 0x01 && length >= 61));
    }
}
