using System.Diagnostics;
using DigitalCollections.Api.Data;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalCollections.UnitTests.Data;

/// <summary>
/// The write-ahead log stays bounded under steady load: PASSIVE checkpoints alone never rewind it while a
/// reader is inside it, so a long log is rewound with RESTART checkpoints, first ones that wait for nobody.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string _database = "";
    private string _connectionString = "";

    public SqliteCheckpointerTests() => NewDatabase("first.db");

    public void Dispose() => _dir.Dispose();

    private void NewDatabase(string name)
    {
        _database = _dir.Combine(name);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _database, Pooling = false }.ToString();
        using var setup = Open();
        Execute(setup, "PRAGMA journal_mode=WAL; CREATE TABLE Rows (Id INTEGER PRIMARY KEY, Data BLOB NOT NULL);");
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA wal_autocheckpoint=0; PRAGMA busy_timeout=5000;"); // as the API's connections: only the checkpointer checkpoints
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Commits that add pages to the log (each a few 4 KiB rows).</summary>
    private static void Write(SqliteConnection connection, int commits)
    {
        for (var i = 0; i < commits; i++)
            Execute(connection, "INSERT INTO Rows (Data) SELECT randomblob(4000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3);");
    }

    private SqliteCheckpointer Checkpointer(long restartFrames = 100) =>
        new(_connectionString, NullLogger<SqliteCheckpointer>.Instance, restartFrames, TimeProvider.System, TimeSpan.FromMilliseconds(100));

    [Fact]
    public void A_reader_inside_the_log_keeps_passive_checkpoints_from_rewinding_it_and_a_restart_that_may_not_wait_fails_at_once()
    {
        using var writer = Open();
        using var reader = Open();
        var checkpointer = Checkpointer();
        Write(writer, 20);
        using (var read = reader.BeginTransaction(deferred: true))
        {
            Execute(reader, "SELECT count(*) FROM Rows;"); // a snapshot inside the log
            Write(writer, 20);
            var before = checkpointer.Checkpoint("PASSIVE");
            Write(writer, 1);
            Assert.True(checkpointer.Checkpoint("PASSIVE") > before); // the log only grows

            var watch = Stopwatch.StartNew();
            Assert.False(checkpointer.TryRestart(TimeSpan.Zero, out var frames));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the attempt waited {watch.Elapsed}");
            Assert.True(frames > before);
            read.Commit();
        }

        // With the reader gone the next attempt rewinds the log: the next commit starts it from the front.
        Assert.True(checkpointer.TryRestart(TimeSpan.Zero, out var rewound));
        Write(writer, 1);
        var after = checkpointer.Checkpoint("PASSIVE");
        Assert.InRange(after, 1, rewound / 4);
    }

    [Fact]
    public async Task A_restart_that_may_wait_rewinds_the_log_once_the_reader_inside_it_finishes()
    {
        using var writer = Open();
        using var reader = Open();
        var checkpointer = Checkpointer();
        Write(writer, 20);
        var read = reader.BeginTransaction(deferred: true);
        Execute(reader, "SELECT count(*) FROM Rows;");
        Write(writer, 20);
        var finish = Task.Run(async () =>
        {
            await Task.Delay(50);
            read.Commit();
        });

        Assert.True(checkpointer.TryRestart(TimeSpan.FromSeconds(5), out var rewound));
        await finish;
        Write(writer, 1);
        Assert.InRange(checkpointer.Checkpoint("PASSIVE"), 1, rewound / 4);
    }

    [Fact]
    public void The_busy_timeout_of_a_restart_does_not_reach_the_pooled_connections_the_API_writes_with()
    {
        var pooled = new SqliteConnectionStringBuilder(_connectionString) { Pooling = true }.ToString();
        var checkpointer = new SqliteCheckpointer(pooled, NullLogger<SqliteCheckpointer>.Instance, restartFrames: 100, TimeProvider.System);
        for (var i = 0; i < 3; i++) checkpointer.TryRestart(TimeSpan.FromMilliseconds(7), out _);

        using var connection = new SqliteConnection(pooled);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.NotEqual(7L, (long)command.ExecuteScalar()!);
        SqliteConnection.ClearPool(connection);
    }

    [Fact]
    public async Task The_service_looks_at_the_log_when_its_clock_says_an_interval_has_passed()
    {
        using var writer = Open();
        Write(writer, 20);
        var clock = new WatchedClock();
        var checkpointer = new SqliteCheckpointer(_connectionString, NullLogger<SqliteCheckpointer>.Instance, restartFrames: 10, clock,
            TimeSpan.FromSeconds(1));
        await checkpointer.StartAsync(CancellationToken.None);

        await clock.WaitBeganAsync();
        await Task.Delay(100); // on the real clock: the service does not look before its clock moves
        Assert.Equal(0, checkpointer.Rewinds);
        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitBeganAsync(); // looked, rewound the long log (no reader is inside it), and waits for the next interval
        Assert.Equal(1, checkpointer.Rewinds);

        await checkpointer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Under_steady_reads_and_writes_the_service_keeps_the_log_short_where_passive_checkpoints_alone_let_it_grow()
    {
        // The same load twice, each on a new database: without rewinds (the old behaviour), then with a bound of 200 pages.
        var (unbounded, writtenUnbounded, _) = await LargestLogUnderLoadAsync(long.MaxValue);
        NewDatabase("second.db");
        var (bounded, written, rewinds) = await LargestLogUnderLoadAsync(200);

        Assert.True(unbounded > writtenUnbounded * 8 / 10, $"without rewinds the log held {unbounded} of {writtenUnbounded} pages written");
        Assert.True(rewinds >= 2, $"the log was rewound {rewinds} times");
        // At most the bound and what is written between two looks (150 pages), and a look that found no moment to rewind.
        Assert.True(bounded < written / 2, $"the log reached {bounded} pages of {written} written");
    }

    /// <summary>
    /// Writes 3,000 rows (a page each) beside an almost constant reader, the service looking at the log after every 150 (as its
    /// clock would make it, but at the same points of the load however busy the machine is); the log's largest
    /// size and the pages written. A rewound log keeps its file's size (these connections set no
    /// journal_size_limit), so the file's size is the largest the log ever was.
    /// </summary>
    private async Task<(long LargestPages, long WrittenPages, int Rewinds)> LargestLogUnderLoadAsync(long restartFrames)
    {
        var checkpointer = Checkpointer(restartFrames);
        using var stop = new CancellationTokenSource();
        using var inside = new ManualResetEventSlim();
        // A reader that is almost always inside the log, as the API's are under load.
        var reads = Task.Run(() =>
        {
            using var reader = Open();
            while (!stop.IsCancellationRequested)
            {
                using var read = reader.BeginTransaction(deferred: true);
                Execute(reader, "SELECT count(*) FROM Rows;");
                inside.Set();
                Thread.Sleep(5);
                read.Commit();
            }
        });
        inside.Wait(TimeSpan.FromSeconds(30));
        long largest = 0;
        using (var writer = Open())
        {
            for (var round = 1; round <= 200; round++)
            {
                Write(writer, 5);
                largest = Math.Max(largest, new FileInfo(_database + "-wal").Length);
                if (round % 10 == 0) await checkpointer.LookAsync(CancellationToken.None);
            }
        }
        await stop.CancelAsync();
        await reads;
        return (largest / 4120, Rows(), checkpointer.Rewinds); // a frame is a 4 KiB page and its header; a row fills about a page
    }

    private long Rows()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM Rows;";
        return (long)command.ExecuteScalar()!;
    }
}
