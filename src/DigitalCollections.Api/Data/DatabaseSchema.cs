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
/// A PASSIVE checkpoint never rewinds the log while some reader still reads from it, and under steady load
/// one always does: at full speed the log grew by about 50 MB a second, without end. So once it holds more
/// than its bound (Storage:SqliteLogMaxMegabytes, 1 GiB by default), the log is rewound: a second PASSIVE
/// checkpoint first (the rewind then has little left to copy while the writers wait), then RESTART
/// checkpoints that wait for nobody, retried for half an interval at the moments no reader is inside the
/// log, and if none comes, one that holds the writers back until the readers inside have finished (at most
/// <see cref="ReaderWait"/>).
/// The next commit starts the log from the front; its file keeps its size and is written over.
/// A rewind holds the writers for 20–50 ms, mostly its syncs, which at full mint speed is 10–30 blocks of
/// index lag each time: hence the high bound, a rewind every 20 seconds or so at full speed. (A first version
/// with a 256 MiB bound also cut the file back to 64 MiB with journal_size_limit: the index fell up to 148
/// blocks behind.)
/// </summary>
public sealed class SqliteCheckpointer(
    string connectionString, ILogger<SqliteCheckpointer> logger, long restartFrames, TimeSpan? interval = null)
    : BackgroundService
{
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromSeconds(1);
    /// <summary>Its own connections, outside the pool: the busy timeout it sets must not reach the API's writers.</summary>
    private readonly string _connectionString =
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    /// <summary>Times the log was rewound.</summary>
    internal int Rewinds { get; private set; }

    /// <summary>RESTART attempts that wait for nobody, a twentieth of the interval apart.</summary>
    private const int NoWaitAttempts = 10;
    /// <summary>How long the last attempt lets the writers wait for the readers inside the log (a read takes milliseconds).</summary>
    private static readonly TimeSpan ReaderWait = TimeSpan.FromMilliseconds(100);

    /// <summary>The log's bound in pages (frames of SQLite's default 4 KiB page).</summary>
    internal long RestartFramesBound => restartFrames;

    /// <summary>Pages in a log of this size (Storage:SqliteLogMaxMegabytes).</summary>
    internal static long FramesOf(int megabytes) => megabytes * 1024L * 1024 / 4096;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(_interval, stop);
                if (Checkpoint("PASSIVE") < restartFrames) continue;
                Checkpoint("PASSIVE");
                var rewound = false;
                long frames = 0;
                for (var attempt = 0; !rewound && attempt < NoWaitAttempts; attempt++)
                {
                    rewound = TryRestart(TimeSpan.Zero, out frames);
                    if (!rewound) await Task.Delay(_interval / 20, stop);
                }
                if (!rewound) rewound = TryRestart(ReaderWait, out frames);
                if (!rewound) continue;
                Rewinds++;
                logger.LogInformation("SQLite log rewound after {Frames} pages", frames);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        Checkpoint("PASSIVE"); // on the way out too: the next start begins with a short log
    }

    /// <summary>Runs a checkpoint; returns the frames in the log (-1 when it failed).</summary>
    internal long Checkpoint(string mode) => Run($"PRAGMA wal_checkpoint({mode});").Frames;

    /// <summary>
    /// A RESTART checkpoint that waits at most <paramref name="wait"/> for the writer and the readers inside
    /// the log; true when the log was rewound (the next commit starts it from the front).
    /// </summary>
    internal bool TryRestart(TimeSpan wait, out long frames)
    {
        var (busy, logFrames) = Run($"PRAGMA busy_timeout={(int)wait.TotalMilliseconds}; PRAGMA wal_checkpoint(RESTART);");
        frames = logFrames;
        return busy == 0 && logFrames >= 0;
    }

    private (long Busy, long Frames) Run(string sql)
    {
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.FieldCount != 3 && reader.NextResult()) { }
            if (!reader.Read()) return (1, -1);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (Exception e)
        {
            logger.LogWarning("SQLite checkpoint failed: {Message}", e.Message);
            return (1, -1);
        }
    }
}
