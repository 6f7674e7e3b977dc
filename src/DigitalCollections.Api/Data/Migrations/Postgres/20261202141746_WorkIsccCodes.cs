using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DigitalCollections.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorkIsccCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContentKind",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContentReason",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Iscc",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IsccContent",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IsccData",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IsccInstance",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IsccMeta",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SimilarTo",
                table: "Works",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SimilarityBits",
                table: "Works",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SimilarityKind",
                table: "Works",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SimilarityRegions",
                table: "Works",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VariantOf",
                table: "Works",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ContentKind",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "ContentReason",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "Iscc",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "IsccContent",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "IsccData",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "IsccInstance",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "IsccMeta",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "SimilarTo",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "SimilarityBits",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "SimilarityKind",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "SimilarityRegions",
                table: "Works");

            migrationBuilder.DropColumn(
                name: "VariantOf",
                table: "Works");
        }
    }
}
