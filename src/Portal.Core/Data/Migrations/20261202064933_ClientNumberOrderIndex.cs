using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations;

/// <summary>The client list sorted by number, then name and id: one index range per page (keyset paging).</summary>
public partial class ClientNumberOrderIndex : Migration
{
    private static readonly string[] NumberOrder = ["EnvironmentId", "Number", "Name", "Id"];
    private static readonly string[] NumberOnly = ["EnvironmentId", "Number"];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(
            name: "IX_Clients_EnvironmentId_Number",
            table: "Clients");

        migrationBuilder.CreateIndex(
            name: "IX_Clients_EnvironmentId_Number_Name_Id",
            table: "Clients",
            columns: NumberOrder);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(
            name: "IX_Clients_EnvironmentId_Number_Name_Id",
            table: "Clients");

        migrationBuilder.CreateIndex(
            name: "IX_Clients_EnvironmentId_Number",
            table: "Clients",
            columns: NumberOnly);
    }
}
