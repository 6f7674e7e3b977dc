using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigitalCollections.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChainIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IndexCheckpoints",
                columns: table => new
                {
                    DeploymentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexCheckpoints", x => x.DeploymentKey);
                });

            migrationBuilder.CreateTable(
                name: "IndexedBlocks",
                columns: table => new
                {
                    DeploymentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    TimestampUnix = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedBlocks", x => new { x.DeploymentKey, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "IndexedTokens",
                columns: table => new
                {
                    DeploymentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TokenId = table.Column<long>(type: "INTEGER", nullable: false),
                    Creator = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    MintBlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    MintTransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    RegisteredAtUnix = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerBlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerLogIndex = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedTokens", x => new { x.DeploymentKey, x.TokenId });
                });

            migrationBuilder.CreateTable(
                name: "IndexedTransfers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeploymentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TokenId = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    LogIndex = table.Column<long>(type: "INTEGER", nullable: false),
                    TransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    TimestampUnix = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedTransfers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndexedTokens_DeploymentKey_ContentHash",
                table: "IndexedTokens",
                columns: new[] { "DeploymentKey", "ContentHash" });

            migrationBuilder.CreateIndex(
                name: "IX_IndexedTokens_DeploymentKey_Creator_TokenId",
                table: "IndexedTokens",
                columns: new[] { "DeploymentKey", "Creator", "TokenId" });

            migrationBuilder.CreateIndex(
                name: "IX_IndexedTokens_DeploymentKey_MintBlockNumber",
                table: "IndexedTokens",
                columns: new[] { "DeploymentKey", "MintBlockNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_IndexedTokens_DeploymentKey_Owner_TokenId",
                table: "IndexedTokens",
                columns: new[] { "DeploymentKey", "Owner", "TokenId" });

            migrationBuilder.CreateIndex(
                name: "IX_IndexedTransfers_DeploymentKey_BlockNumber_LogIndex",
                table: "IndexedTransfers",
                columns: new[] { "DeploymentKey", "BlockNumber", "LogIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IndexedTransfers_DeploymentKey_TokenId_BlockNumber_LogIndex",
                table: "IndexedTransfers",
                columns: new[] { "DeploymentKey", "TokenId", "BlockNumber", "LogIndex" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndexCheckpoints");

            migrationBuilder.DropTable(
                name: "IndexedBlocks");

            migrationBuilder.DropTable(
                name: "IndexedTokens");

            migrationBuilder.DropTable(
                name: "IndexedTransfers");
        }
    }
}
