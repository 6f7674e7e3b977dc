namespace DigitalCollections.Api.Data;

/// <summary>
/// Runs a background job in one instance at a time: whoever holds the named lease runs <c>lead</c> until the lease
/// is lost or the service stops; the others look again every two seconds. A failed round is logged and the lease
/// is taken again after a second, so a passing database or chain fault never ends the job.
/// </summary>
internal static class LeaseHolderLoop
{
    public static async Task RunAsync(IDistributedLease leases, string name, TimeProvider clock, ILogger logger,
        Func<CancellationToken, Task> lead, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var lease = await leases.TryAcquireAsync(name, stop);
                if (lease is null)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), clock, stop); // another instance holds it
                    continue;
                }
                using var leading = CancellationTokenSource.CreateLinkedTokenSource(stop, lease.Lost);
                await lead(leading.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (e is not OperationCanceledException) logger.LogWarning(e, "The {Lease} job paused; trying again", name);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stop);
            }
        }
    }
}
