using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DigitalCollections.Api.Data;

/// <summary>
/// <see cref="AppDbContext"/>'s model on PostgreSQL (Storage:Provider = Postgres). A type of its own because
/// EF Core migrations belong to one provider: these are in Data/Migrations/Postgres
/// (<c>[DbContext(typeof(PostgresAppDbContext))]</c>), SQLite's stay in Data/Migrations. Services resolve it as AppDbContext.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        base.ConfigureConventions(configuration);
        // timestamptz holds an instant and Npgsql refuses a DateTimeOffset whose offset is not zero. Everything
        // written today is UTC already (TimeProvider.GetUtcNow, FromUnixTimeSeconds); this keeps a stray local
        // time from failing a write. Applies to DateTimeOffset? too. Does not change the column type.
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(), v => v);
}
