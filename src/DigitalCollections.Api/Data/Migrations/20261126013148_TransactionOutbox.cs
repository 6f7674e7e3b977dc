using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigitalCollections.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class TransactionOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChainTransactions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeploymentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestJson = table.Column<string>(type: "TEXT", nullable: false),
                    CallData = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    TokenId = table.Column<long>(type: "INTEGER", nullable: true),
                    GasLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    Relayer = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    Nonce = table.Column<long>(type: "INTEGER", nullable: true),
                    GasPrice = table.Column<string>(type: "TEXT", nullable: true),
                    SignedTransaction = table.Column<string>(type: "TEXT", nullable: true),
                    TransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    SendAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    FailureCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainTransactions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransactions_DeploymentKey_ContentHash",
                table: "ChainTransactions",
                columns: new[] { "DeploymentKey", "ContentHash" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransactions_DeploymentKey_State",
                table: "ChainTransactions",
                columns: new[] { "DeploymentKey", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransactions_TransactionHash",
                table: "ChainTransactions",
                column: "TransactionHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChainTransactions");
        }
    }
}
