using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigitalCollections.Api.Data;

/// <summary>Brings the database to the current schema with EF Core migrations at start-up.</summary>
public static class DatabaseSchema
{
    /// <summary>The schema that releases before migrations made with EnsureCreated.</summary>
    internal const string BaselineMigration = "20261126012530_InitialSchema";

    /// <summary>Session advisory lock every instance takes around its migrations on PostgreSQL.</summary>
    private const long MigrationLockKey = 0x4443_4d49_4752_4154; // "DCMIGRAT"

    /// <summary>
    /// Applies the provider's own migrations: SQLite's (Data/Migrations) for <see cref="AppDbContext"/>,
    /// PostgreSQL's (Data/Migrations/Postgres) for <see cref="PostgresAppDbContext"/>. Instances starting
    /// together on one PostgreSQL database take turns under an advisory lock: EF Core's own lock is per
    /// migration, so with several pending migrations two instances could both apply the second one.
    /// </summary>
    public static void Migrate(AppDbContext db, ILogger logger)
    {
        logger.LogInformation("Database: {Store}", AppDatabase.Describe(db));
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the outbox writers; set once, it persists in the file.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            AdoptPreMigrationDatabase(db, logger); // releases before migrations were SQLite-only
            db.Database.Migrate();
            return;
        }
        db.Database.OpenConnection(); // one session: the lock, the migrations and the unlock
        try
        {
            db.Database.ExecuteSqlRaw($"SELECT pg_advisory_lock({MigrationLockKey})");
            try
            {
                db.Database.Migrate();
            }
            finally
            {
                db.Database.ExecuteSqlRaw($"SELECT pg_advisory_unlock({MigrationLockKey})");
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>
    /// A database made by EnsureCreated has the baseline tables but no migrations history: record the
    /// baseline as applied so Migrate adds only what came after, and keeps the rows (custodial keys!).
    /// </summary>
    private static void AdoptPreMigrationDatabase(AppDbContext db, ILogger logger)
    {
        if (!db.Database.IsSqlite()) return;
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            if (!TableExists(connection, "Works") || TableExists(connection, "__EFMigrationsHistory")) return;
            var history = db.GetService<IHistoryRepository>();
            db.Database.ExecuteSqlRaw(history.GetCreateScript());
            db.Database.ExecuteSqlRaw(history.GetInsertScript(new HistoryRow(BaselineMigration, ProductInfo.GetVersion())));
            logger.LogInformation("Adopted a database created before migrations as {Migration}", BaselineMigration);
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    private static bool TableExists(DbConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$name";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(command.ExecuteScalar()) > 0;
    }
}
