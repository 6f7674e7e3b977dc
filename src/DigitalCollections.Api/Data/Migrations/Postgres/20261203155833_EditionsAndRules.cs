using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DigitalCollections.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EditionsAndRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EditionSize",
                table: "Works",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<long>(
                name: "HoldSeconds",
                table: "Works",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "Locked",
                table: "Works",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "EditionFirstTokenId",
                table: "IndexedTokens",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EditionNumber",
                table: "IndexedTokens",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EditionSize",
                table: "IndexedTokens",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HoldSeconds",
                table: "IndexedTokens",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Locked",
                table: "IndexedTokens",
                type: "boolean",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IndexedRuleChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TokenId = table.Column<long>(type: "bigint", nullable: true),
                    Value = table.Column<long>(type: "bigint", nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    LogIndex = table.Column<long>(type: "bigint", nullable: false),
                    TransactionHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    TimestampUnix = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedRuleChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MetadataChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TokenId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    ChangedBy = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TransactionHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetadataChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndexedRuleChanges_DeploymentKey_BlockNumber_LogIndex",
                table: "IndexedRuleChanges",
                columns: new[] { "DeploymentKey", "BlockNumber", "LogIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IndexedRuleChanges_DeploymentKey_TokenId_BlockNumber_LogInd~",
                table: "IndexedRuleChanges",
                columns: new[] { "DeploymentKey", "TokenId", "BlockNumber", "LogIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_MetadataChanges_DeploymentKey_TokenId_Version",
                table: "MetadataChanges",
                columns: new[] { "DeploymentKey", "TokenId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndexedRuleChanges");

            migrationBuilder.DropTable(
                name: "MetadataChanges");

            migrationBuilder.DropColumn(
                name: "EditionSize",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "HoldSeconds",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "Locked",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "EditionFirstTokenId",
                table: "IndexedTokens");

            migrationBuilder.DropColumn(
                name: "EditionNumber",
                table: "IndexedTokens");

            migrationBuilder.DropColumn(
                name: "EditionSize",
                table: "IndexedTokens");

            migrationBuilder.DropColumn(
                name: "HoldSeconds",
                table: "IndexedTokens");

            migrationBuilder.DropColumn(
                name: "Locked",
                table: "IndexedTokens");
        }
    }
}
