using System.Collections.Concurrent;

namespace DigitalCollections.Api.Data;

/// <summary>
/// SQLite: the database is one file of one API instance, so there is nobody else to exclude. Grants a free
/// name at once; within this instance a name still has one holder at a time, as on PostgreSQL.
/// </summary>
public sealed class SingleInstanceLease : IDistributedLease
{
    private readonly ConcurrentDictionary<string, Handle> _held = new(StringComparer.Ordinal);

    public Task<ILeaseHandle?> TryAcquireAsync(string name, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var handle = new Handle(this, name);
        return Task.FromResult<ILeaseHandle?>(_held.TryAdd(name, handle) ? handle : null);
    }

    private sealed class Handle(SingleInstanceLease owner, string name) : ILeaseHandle
    {
        public string Name => name;
        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            owner._held.TryRemove(new KeyValuePair<string, Handle>(name, this));
            return ValueTask.CompletedTask;
        }
    }
}
