using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

/// <summary>
/// WAL with synchronous=NORMAL: a commit survives a crash of the process (the outbox's case);
/// only an OS crash or power loss can lose the last commits. Saves an fsync per commit.
/// Checkpoints are <see cref="SqliteCheckpointer"/>'s, off the writers' path.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Native connections already set up: pooled connections are opened again and again, the settings stay.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Applied = new();

    private static void Apply(DbConnection connection)
    {
        if (connection is not Microsoft.Data.Sqlite.SqliteConnection sqlite || sqlite.Handle is not { } handle) return;
        if (Applied.TryGetValue(handle, out _)) return;
        using var command = connection.CreateCommand();
        // busy_timeout: a writer that finds another's lock retries after 1, 2, 5, 10 … ms (SQLite's busy
        // handler). Without it Microsoft.Data.Sqlite retries a busy statement every 150 ms, and the outbox,
        // the tracker and the indexer write at once all the time.
        // wal_autocheckpoint=0: no commit pays for copying the log into the database (tens of milliseconds,
        // with its fsync, every thousand pages); SqliteCheckpointer does that beside the writers.
        // mmap_size: while others write, each read transaction starts with an empty page cache (WAL); mapped pages
        // are then read without a system call and a copy each.
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA wal_autocheckpoint=0; PRAGMA mmap_size=268435456;";
        command.ExecuteNonQuery();
        Applied.AddOrUpdate(handle, Applied);
    }
}

/// <summary>
/// Copies SQLite's write-ahead log into the database once a second with a PASSIVE checkpoint, which runs
/// beside readers and writers without blocking them. The API's connections do not checkpoint themselves
/// (<see cref="SqlitePragmas"/>), so no commit stalls for one: the index commits a block every few
/// milliseconds while following a busy chain, and an automatic checkpoint made it fall tens of blocks behind.
/// </summary>
public sealed class SqliteCheckpointer(string connectionString, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) Checkpoint("PASSIVE");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        Checkpoint("PASSIVE"); // on the way out too: the next start begins with a short log
    }

    private void Checkpoint(string mode)
    {
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            command.ExecuteNonQuery();
        }
        catch (Exception e)
        {
            logger.LogWarning("SQLite checkpoint failed: {Message}", e.Message);
        }
    }
}
