using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations;

/// <summary>
/// The member's name on the membership row, so that an office's members list sorted by name is
/// one index range of (organisation, name, user) instead of every member's user row sorted: the
/// database keeps it, whichever code writes a membership or renames a user (COPY included).
/// </summary>
public partial class MemberNameOnMembership : Migration
{
    private static readonly string[] NameOrder = ["OrganisationId", "MemberName", "UserId"];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "MemberName",
            table: "Memberships",
            type: "character varying(200)",
            maxLength: 200,
            nullable: false,
            defaultValue: "");

        migrationBuilder.Sql("""
            UPDATE "Memberships" AS m SET "MemberName" = u."DisplayName"
            FROM "AspNetUsers" AS u WHERE u."Id" = m."UserId";

            ALTER TABLE "Memberships" ALTER COLUMN "MemberName" DROP DEFAULT;

            -- A membership takes its user's name whenever it is written; an unknown user leaves it
            -- empty, so that the foreign key, not this, reports the error.
            CREATE FUNCTION "Memberships_MemberName"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW."MemberName" := COALESCE((SELECT u."DisplayName" FROM "AspNetUsers" AS u WHERE u."Id" = NEW."UserId"), '');
                RETURN NEW;
            END $$;

            CREATE TRIGGER "Memberships_MemberName" BEFORE INSERT OR UPDATE ON "Memberships"
            FOR EACH ROW EXECUTE FUNCTION "Memberships_MemberName"();

            -- A renamed user renames their memberships (Identity's updates write every column, so
            -- the condition, not the column list, tells a rename apart).
            CREATE FUNCTION "AspNetUsers_MemberName"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE "Memberships" SET "MemberName" = NEW."DisplayName" WHERE "UserId" = NEW."Id";
                RETURN NULL;
            END $$;

            CREATE TRIGGER "AspNetUsers_MemberName" AFTER UPDATE OF "DisplayName" ON "AspNetUsers"
            FOR EACH ROW WHEN (OLD."DisplayName" IS DISTINCT FROM NEW."DisplayName")
            EXECUTE FUNCTION "AspNetUsers_MemberName"();
            """);

        migrationBuilder.CreateIndex(
            name: "IX_Memberships_OrganisationId_MemberName_UserId",
            table: "Memberships",
            columns: NameOrder);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER "AspNetUsers_MemberName" ON "AspNetUsers";
            DROP FUNCTION "AspNetUsers_MemberName"();
            DROP TRIGGER "Memberships_MemberName" ON "Memberships";
            DROP FUNCTION "Memberships_MemberName"();
            """);

        migrationBuilder.DropIndex(
            name: "IX_Memberships_OrganisationId_MemberName_UserId",
            table: "Memberships");

        migrationBuilder.DropColumn(
            name: "MemberName",
            table: "Memberships");
    }
}
