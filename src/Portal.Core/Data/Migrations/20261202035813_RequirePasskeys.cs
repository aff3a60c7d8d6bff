using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations;

/// <inheritdoc />
public partial class RequirePasskeys : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(
            name: "RequirePasskeys",
            table: "Organisations",
            type: "boolean",
            nullable: false,
            defaultValue: false);

        // The default only fills the existing offices; the model has none, so neither has the column.
        migrationBuilder.Sql("""ALTER TABLE "Organisations" ALTER COLUMN "RequirePasskeys" DROP DEFAULT;""");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "RequirePasskeys",
            table: "Organisations");
    }
}
