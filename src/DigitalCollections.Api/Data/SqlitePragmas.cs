using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DigitalCollections.Api.Data;

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
