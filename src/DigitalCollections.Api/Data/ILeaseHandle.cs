namespace DigitalCollections.Api.Data;

/// <summary>A held lease. Disposing it releases it (at once for the next <see cref="IDistributedLease.TryAcquireAsync"/>).</summary>
public interface ILeaseHandle : IAsyncDisposable
{
    string Name { get; }

    /// <summary>
    /// Cancelled when the lease may no longer be held: the database session behind it broke. Stop leading,
    /// dispose the handle and try to acquire again. Never cancelled for the single-instance store.
    /// </summary>
    CancellationToken Lost { get; }
}
