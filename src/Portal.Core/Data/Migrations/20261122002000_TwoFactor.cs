using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Core.Data.Migrations;

/// <summary>
/// Two-factor authentication: authenticators (TOTP secrets encrypted at rest), backup codes (salted
/// hashes), one-time codes for the backup e-mail (HMACs), and the backup e-mail on the user.
/// Drafted from <c>dotnet run --project src/Portal.Web -- schema</c>; SchemaTests prove it equals the model.
/// </summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122002000_TwoFactor")]
public sealed class TwoFactor : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            ALTER TABLE "AspNetUsers" ADD "BackupEmail" character varying(256);

            ALTER TABLE "AspNetUsers" ADD "BackupEmailVerifiedAt" timestamp with time zone;

            CREATE TABLE "Authenticators" (
                "Id" uuid NOT NULL,
                "UserId" uuid NOT NULL,
                "Name" character varying(50) NOT NULL,
                "ProtectedSecret" text NOT NULL,
                "CreatedAt" timestamp with time zone NOT NULL,
                "LastUsedAt" timestamp with time zone,
                "LastAcceptedStep" bigint,
                CONSTRAINT "PK_Authenticators" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_Authenticators_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );

            CREATE TABLE "BackupCodes" (
                "Id" uuid NOT NULL,
                "UserId" uuid NOT NULL,
                "Hash" character varying(64) NOT NULL,
                "Salt" bytea NOT NULL,
                "CreatedAt" timestamp with time zone NOT NULL,
                "UsedAt" timestamp with time zone,
                CONSTRAINT "PK_BackupCodes" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_BackupCodes_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );

            CREATE TABLE "EmailLoginCodes" (
                "Id" uuid NOT NULL,
                "UserId" uuid NOT NULL,
                "Hash" character varying(64) NOT NULL,
                "CreatedAt" timestamp with time zone NOT NULL,
                "ExpiresAt" timestamp with time zone NOT NULL,
                "UsedAt" timestamp with time zone,
                CONSTRAINT "PK_EmailLoginCodes" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_EmailLoginCodes_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );

            CREATE INDEX "IX_Authenticators_UserId" ON "Authenticators" ("UserId");

            CREATE INDEX "IX_BackupCodes_UserId" ON "BackupCodes" ("UserId");

            CREATE INDEX "IX_EmailLoginCodes_UserId" ON "EmailLoginCodes" ("UserId");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            DROP TABLE IF EXISTS "Authenticators", "BackupCodes", "EmailLoginCodes";
            ALTER TABLE "AspNetUsers" DROP COLUMN IF EXISTS "BackupEmail", DROP COLUMN IF EXISTS "BackupEmailVerifiedAt";
            """);
    }
}
