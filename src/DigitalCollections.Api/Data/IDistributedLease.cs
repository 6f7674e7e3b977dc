namespace DigitalCollections.Api.Data;

/// <summary>
/// A named lease that one holder at a time has across every API instance sharing the store, e.g. "indexer"
/// for one indexer leader. Followers poll: <see cref="TryAcquireAsync"/> never waits for the holder.
/// </summary>
/// <example><code>
/// await using var lease = await leases.TryAcquireAsync("indexer", stop);
/// if (lease is null) { /* a follower: try again later */ }
/// else { /* lead until stop or lease.Lost is cancelled */ }
/// </code></example>
public interface IDistributedLease
{
    /// <summary>
    /// The lease if nobody holds it (dispose the handle to release it), or null when another holder has it,
    /// in this instance or another. Throws when the store cannot be reached.
    /// </summary>
    Task<ILeaseHandle?> TryAcquireAsync(string name, CancellationToken ct);
}
