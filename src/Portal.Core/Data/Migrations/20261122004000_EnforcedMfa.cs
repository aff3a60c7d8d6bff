using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Core.Data.Migrations;

/// <summary>
/// Enforced MFA: an organisation may require two-factor authentication of its members, with a grace
/// period. Drafted from <c>dotnet run --project src/Portal.Web -- schema</c>; SchemaTests prove it equals the model.
/// </summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122004000_EnforcedMfa")]
public sealed class EnforcedMfa : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            ALTER TABLE "Organisations" ADD "RequireMfa" boolean NOT NULL DEFAULT FALSE;
            ALTER TABLE "Organisations" ALTER COLUMN "RequireMfa" DROP DEFAULT;

            ALTER TABLE "Organisations" ADD "MfaGraceDays" integer NOT NULL DEFAULT 7;

            ALTER TABLE "Organisations" ADD "MfaRequiredSince" timestamp with time zone;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            ALTER TABLE "Organisations" DROP COLUMN IF EXISTS "RequireMfa", DROP COLUMN IF EXISTS "MfaGraceDays", DROP COLUMN IF EXISTS "MfaRequiredSince";
            """);
    }
}
