using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigitalCollections.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyKeyExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ExpiresAtUnix",
                table: "IdempotencyRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Keys stored before this column existed get a full retention from the upgrade on.
            migrationBuilder.Sql("UPDATE IdempotencyRecords SET ExpiresAtUnix = CAST(strftime('%s', 'now') AS INTEGER) + 24 * 3600;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpiresAtUnix",
                table: "IdempotencyRecords");
        }
    }
}
