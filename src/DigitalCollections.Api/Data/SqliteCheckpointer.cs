namespace DigitalCollections.Api.Data;

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
    string connectionString, ILogger<SqliteCheckpointer> logger, long restartFrames, TimeProvider clock, TimeSpan? interval = null)
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
                await Task.Delay(_interval, clock, stop);
                await LookAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        Checkpoint("PASSIVE"); // on the way out too: the next start begins with a short log
    }

    /// <summary>One look at the log: a PASSIVE checkpoint, and a rewind when the log is past its bound; true when rewound.</summary>
    internal async Task<bool> LookAsync(CancellationToken stop)
    {
        if (Checkpoint("PASSIVE") < restartFrames) return false;
        Checkpoint("PASSIVE");
        var rewound = false;
        long frames = 0;
        for (var attempt = 0; !rewound && attempt < NoWaitAttempts; attempt++)
        {
            rewound = TryRestart(TimeSpan.Zero, out frames);
            if (!rewound) await Task.Delay(_interval / 20, clock, stop);
        }
        if (!rewound) rewound = TryRestart(ReaderWait, out frames);
        if (!rewound) return false;
        Rewinds++;
        logger.LogInformation("SQLite log rewound after {Frames} pages", frames);
        return true;
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
