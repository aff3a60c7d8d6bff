using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations;

/// <inheritdoc />
public partial class MailOutbox : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "MailOutbox",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                MessageId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                Recipient = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                Template = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                ProtectedPayload = table.Column<string>(type: "text", nullable: true),
                Status = table.Column<int>(type: "integer", nullable: false),
                Attempts = table.Column<int>(type: "integer", nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                GiveUpAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MailOutbox", x => x.Id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_MailOutbox_MessageId",
            table: "MailOutbox",
            column: "MessageId",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_MailOutbox_Pending",
            table: "MailOutbox",
            column: "CreatedAt",
            filter: "\"Status\" = 0");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "MailOutbox");
    }
}
