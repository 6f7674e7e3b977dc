using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DigitalCollections.Api.Data;

/// <summary>
/// The same for the PostgreSQL migrations (`--context PostgresAppDbContext`). Adding a migration connects to
/// nothing; `dotnet ef database update` needs `--connection "Host=…;Database=…;Username=…;Password=…"`.
/// </summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=127.0.0.1;Database=digitalcollections_design_time").Options);
}
