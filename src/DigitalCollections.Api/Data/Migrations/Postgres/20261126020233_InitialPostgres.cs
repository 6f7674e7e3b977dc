using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DigitalCollections.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    KeyId = table.Column<string>(type: "text", nullable: false),
                    ApiKeyHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    EncryptedPrivateKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Address);
                });

            migrationBuilder.CreateTable(
                name: "ChainTransactions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestJson = table.Column<string>(type: "text", nullable: false),
                    CallData = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    TokenId = table.Column<long>(type: "bigint", nullable: true),
                    GasLimit = table.Column<long>(type: "bigint", nullable: false),
                    Relayer = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: true),
                    Nonce = table.Column<long>(type: "bigint", nullable: true),
                    GasPrice = table.Column<string>(type: "text", nullable: true),
                    SignedTransaction = table.Column<string>(type: "text", nullable: true),
                    TransactionHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    SendAttempts = table.Column<int>(type: "integer", nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: true),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    FailureCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChainTransactions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "text", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    RequestHash = table.Column<string>(type: "text", nullable: false),
                    Completed = table.Column<bool>(type: "boolean", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "text", nullable: true),
                    Location = table.Column<string>(type: "text", nullable: true),
                    Body = table.Column<byte[]>(type: "bytea", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAtUnix = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "IndexCheckpoints",
                columns: table => new
                {
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexCheckpoints", x => x.DeploymentKey);
                });

            migrationBuilder.CreateTable(
                name: "IndexedBlocks",
                columns: table => new
                {
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    TimestampUnix = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedBlocks", x => new { x.DeploymentKey, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "IndexedTokens",
                columns: table => new
                {
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TokenId = table.Column<long>(type: "bigint", nullable: false),
                    Creator = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: true),
                    ContentHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    Owner = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    MintBlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    MintTransactionHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    RegisteredAtUnix = table.Column<long>(type: "bigint", nullable: false),
                    OwnerBlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    OwnerLogIndex = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedTokens", x => new { x.DeploymentKey, x.TokenId });
                });

            migrationBuilder.CreateTable(
                name: "IndexedTransfers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TokenId = table.Column<long>(type: "bigint", nullable: false),
                    From = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    To = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    BlockHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    LogIndex = table.Column<long>(type: "bigint", nullable: false),
                    TransactionHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    TimestampUnix = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexedTransfers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Works",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeploymentKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TokenId = table.Column<long>(type: "bigint", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    ContentType = table.Column<string>(type: "text", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: true),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Creator = table.Column<string>(type: "text", nullable: false),
                    TransactionHash = table.Column<string>(type: "text", nullable: false),
                    BlockNumber = table.Column<long>(type: "bigint", nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Works", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_KeyId",
                table: "Accounts",
                column: "KeyId",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_CreatedAt",
                table: "IdempotencyRecords",
                column: "CreatedAt");

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

            migrationBuilder.CreateIndex(
                name: "IX_Works_DeploymentKey_ContentHash",
                table: "Works",
                columns: new[] { "DeploymentKey", "ContentHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Works_DeploymentKey_TokenId",
                table: "Works",
                columns: new[] { "DeploymentKey", "TokenId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Accounts");

            migrationBuilder.DropTable(
                name: "ChainTransactions");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "IndexCheckpoints");

            migrationBuilder.DropTable(
                name: "IndexedBlocks");

            migrationBuilder.DropTable(
                name: "IndexedTokens");

            migrationBuilder.DropTable(
                name: "IndexedTransfers");

            migrationBuilder.DropTable(
                name: "Works");
        }
    }
}
