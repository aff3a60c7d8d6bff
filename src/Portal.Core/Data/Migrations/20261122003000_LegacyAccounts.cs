using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Core.Data.Migrations;

/// <summary>Old per-environment usernames and their moves to e-mail logins.</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122003000_LegacyAccounts")]
public sealed class LegacyAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            CREATE TABLE "LegacyAccounts" (
                "Id" uuid NOT NULL,
                "Username" character varying(128) NOT NULL,
                "PasswordHash" character varying(512) NOT NULL,
                "OrganisationId" uuid NOT NULL,
                "EnvironmentId" uuid NOT NULL,
                "Role" character varying(16) NOT NULL,
                "Status" character varying(16) NOT NULL,
                "ImportedAt" timestamp with time zone NOT NULL,
                "MigratedAt" timestamp with time zone,
                "MigratedToUserId" uuid,
                "FailedAttempts" integer NOT NULL,
                "LockedUntil" timestamp with time zone,
                CONSTRAINT "PK_LegacyAccounts" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_LegacyAccounts_Environments_EnvironmentId" FOREIGN KEY ("EnvironmentId") REFERENCES "Environments" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_LegacyAccounts_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE CASCADE
            );

            CREATE TABLE "LegacyMigrations" (
                "Id" uuid NOT NULL,
                "LegacyAccountId" uuid NOT NULL,
                "Email" character varying(256) NOT NULL,
                "DisplayName" character varying(200) NOT NULL,
                "NewPasswordHash" character varying(512) NOT NULL,
                "TokenHash" character varying(64) NOT NULL,
                "CreatedAt" timestamp with time zone NOT NULL,
                "ExpiresAt" timestamp with time zone NOT NULL,
                "ConfirmedAt" timestamp with time zone,
                CONSTRAINT "PK_LegacyMigrations" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_LegacyMigrations_LegacyAccounts_LegacyAccountId" FOREIGN KEY ("LegacyAccountId") REFERENCES "LegacyAccounts" ("Id") ON DELETE CASCADE
            );

            CREATE INDEX "IX_LegacyAccounts_EnvironmentId" ON "LegacyAccounts" ("EnvironmentId");

            CREATE INDEX "IX_LegacyAccounts_OrganisationId" ON "LegacyAccounts" ("OrganisationId");

            CREATE UNIQUE INDEX "IX_LegacyAccounts_Username" ON "LegacyAccounts" ("Username");

            CREATE INDEX "IX_LegacyMigrations_LegacyAccountId" ON "LegacyMigrations" ("LegacyAccountId");

            CREATE UNIQUE INDEX "IX_LegacyMigrations_TokenHash" ON "LegacyMigrations" ("TokenHash");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TABLE IF EXISTS "LegacyMigrations", "LegacyAccounts";""");
    }
}
