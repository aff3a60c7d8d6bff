using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations;

/// <inheritdoc />
public partial class UserTimeZone : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "TimeZone",
            table: "AspNetUsers",
            type: "character varying(64)",
            maxLength: 64,
            nullable: false,
            defaultValue: "Europe/Brussels")
            .Annotation("Relational:ColumnOrder", 21);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "TimeZone",
            table: "AspNetUsers");
    }
}
