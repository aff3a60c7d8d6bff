using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Core.Data.Migrations;

/// <summary>
/// Office administration: invitations (only the hash of each link's token is stored), the
/// per-organisation invitation expiry, and an index for the members' events in an organisation's audit log. Drafted from <c>dotnet run --project src/Portal.Web -- schema</c>;
/// SchemaTests prove it equals the model.
/// </summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122001000_OfficeAdministration")]
public sealed class OfficeAdministration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            ALTER TABLE "Organisations" ADD "InvitationExpiryDays" integer NOT NULL DEFAULT 7;

            CREATE TABLE "Invitations" (
                "Id" uuid NOT NULL,
                "OrganisationId" uuid NOT NULL,
                "Email" character varying(256) NOT NULL,
                "Role" character varying(16) NOT NULL,
                "InvitedByUserId" uuid,
                "CreatedAt" timestamp with time zone NOT NULL,
                "ExpiresAt" timestamp with time zone NOT NULL,
                "TokenHash" character varying(64) NOT NULL,
                "AcceptedAt" timestamp with time zone,
                "AcceptedByUserId" uuid,
                "RevokedAt" timestamp with time zone,
                CONSTRAINT "PK_Invitations" PRIMARY KEY ("Id"),
                CONSTRAINT "FK_Invitations_AspNetUsers_AcceptedByUserId" FOREIGN KEY ("AcceptedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE SET NULL,
                CONSTRAINT "FK_Invitations_AspNetUsers_InvitedByUserId" FOREIGN KEY ("InvitedByUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE SET NULL,
                CONSTRAINT "FK_Invitations_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE CASCADE
            );

            CREATE INDEX "IX_Invitations_AcceptedByUserId" ON "Invitations" ("AcceptedByUserId");

            CREATE INDEX "IX_Invitations_InvitedByUserId" ON "Invitations" ("InvitedByUserId");

            CREATE UNIQUE INDEX "IX_Invitations_OrganisationId_Email" ON "Invitations" ("OrganisationId", "Email") WHERE "AcceptedAt" IS NULL AND "RevokedAt" IS NULL;

            CREATE UNIQUE INDEX "IX_Invitations_TokenHash" ON "Invitations" ("TokenHash");

            CREATE INDEX "IX_AuditEvents_ActorUserId_OccurredAt_Id_Personal" ON "AuditEvents" ("ActorUserId", "OccurredAt" DESC, "Id" DESC) WHERE "OrganisationId" IS NULL;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(
            """
            DROP INDEX IF EXISTS "IX_AuditEvents_ActorUserId_OccurredAt_Id_Personal";
            DROP TABLE IF EXISTS "Invitations";
            ALTER TABLE "Organisations" DROP COLUMN IF EXISTS "InvitationExpiryDays";
            """);
    }
}
