using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DigitalCollections.Api.Data;

/// <summary>
/// PostgreSQL: a session-level advisory lock (<c>pg_try_advisory_lock</c>) held on a dedicated, unpooled
/// connection for as long as the handle lives. The server releases it when that session ends, so a holder
/// that dies (killed process, lost machine) frees it without anyone's help; a holder whose connection breaks
/// learns it through <see cref="ILeaseHandle.Lost"/> (checked every <c>checkInterval</c>, 5 s by default).
/// Locks are per database: instances sharing a database share the lease names.
/// </summary>
public sealed class PostgresDistributedLease : IDistributedLease
{
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly TimeSpan _checkInterval;

    public PostgresDistributedLease(string connectionString, ILogger<PostgresDistributedLease> logger, TimeSpan? checkInterval = null)
    {
        // Unpooled: closing the connection must end the session, and with it the lock.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "digitalcollections-lease",
            KeepAlive = 15, // keepalive packets so a silent network loss also fails the next check
        }.ConnectionString;
        _logger = logger;
        _checkInterval = checkInterval ?? TimeSpan.FromSeconds(5);
    }

    /// <summary>The advisory-lock key of a lease name: the first 8 bytes of SHA-256 of a prefixed name.</summary>
    public static long KeyOf(string name) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("digitalcollections/lease/" + name)));

    public async Task<ILeaseHandle?> TryAcquireAsync(string name, CancellationToken ct)
    {
        var key = KeyOf(name);
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                _logger.LogInformation("Lease {Lease} acquired", name);
                return new Handle(name, key, connection, _checkInterval, _logger);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Handle : ILeaseHandle
    {
        private readonly long _key;
        private readonly NpgsqlConnection _connection;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watch;
        private int _disposed;

        public Handle(string name, long key, NpgsqlConnection connection, TimeSpan interval, ILogger logger)
        {
            Name = name;
            _key = key;
            _connection = connection;
            _logger = logger;
            Lost = _lost.Token;
            _watch = WatchAsync(interval);
        }

        public string Name { get; }
        public CancellationToken Lost { get; }

        private async Task WatchAsync(TimeSpan interval)
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                // The only user of the connection until DisposeAsync, which waits for this loop to end.
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    await using var command = new NpgsqlCommand("SELECT 1", _connection) { CommandTimeout = Math.Max(1, (int)interval.TotalSeconds) };
                    await command.ExecuteScalarAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // released
            }
            catch (Exception e)
            {
                // The session may be gone, and the lock with it: another instance can take it now.
                _logger.LogWarning("Lease {Lease} lost: its database session failed ({Error})", Name, e.Message);
                _lost.Cancel();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            _stop.Cancel();
            await _watch;
            try
            {
                if (!Lost.IsCancellationRequested)
                {
                    await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _key });
                    await command.ExecuteScalarAsync();
                }
            }
            catch (Exception e)
            {
                // Closing the session below releases it anyway.
                _logger.LogDebug("Lease {Lease}: unlock failed ({Error}); closing its session", Name, e.Message);
            }
            await _connection.DisposeAsync();
            _stop.Dispose(); // not _lost: its token may still be linked or checked by the former leader
            _logger.LogInformation("Lease {Lease} released", Name);
        }
    }
}
