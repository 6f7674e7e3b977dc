using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigitalCollections.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordedGenesis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecordedGeneses",
                columns: table => new
                {
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    GenesisHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordedGeneses", x => x.DeploymentKey);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecordedGeneses");
        }
    }
}
