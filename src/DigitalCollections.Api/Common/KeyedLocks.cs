using System.Collections.Concurrent;

namespace DigitalCollections.Api.Common;

/// <summary>In-process mutual exclusion per key (e.g. per content hash), removed when unused.</summary>
public sealed class KeyedLocks
{
    private readonly ConcurrentDictionary<string, (SemaphoreSlim Gate, int Users)> _locks = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        var gate = _locks.AddOrUpdate(key, _ => (new SemaphoreSlim(1, 1), 1), (_, e) => (e.Gate, e.Users + 1)).Gate;
        try
        {
            await gate.WaitAsync(ct);
        }
        catch
        {
            Leave(key);
            throw;
        }
        return new Releaser(this, key, gate);
    }

    private void Leave(string key)
    {
        while (_locks.TryGetValue(key, out var entry))
        {
            if (entry.Users == 1
                ? _locks.TryRemove(new KeyValuePair<string, (SemaphoreSlim, int)>(key, entry))
                : _locks.TryUpdate(key, (entry.Gate, entry.Users - 1), entry))
                return;
        }
    }

    private sealed class Releaser(KeyedLocks owner, string key, SemaphoreSlim gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            gate.Release();
            owner.Leave(key);
        }
    }
}
