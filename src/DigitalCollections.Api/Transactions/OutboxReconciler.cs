using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// On start, settles what a previous process left in the outbox against the chain, for the lanes this
/// instance holds. Run by <see cref="TransactionPipeline"/> once the chain is the deployment's, and logs
/// under the pipeline's category.
/// </summary>
internal sealed class OutboxReconciler(
    IChainReader chain,
    Deployment deployment,
    ConfirmationTracker tracker,
    TransactionFinalizer finalizer,
    IServiceScopeFactory scopes,
    IDistributedLease leases,
    DateTimeOffset startedAt,
    int confirmationDepth,
    ILogger logger)
{
    /// <summary>
    /// A previous process may have died after recording or sending. For each unfinished row: mined →
    /// confirm or fail it from its receipt; known to the node → keep tracking; unknown → never reached the
    /// chain, so re-sign it on a lane. Nothing is sent twice: a hash the node knows is never re-signed,
    /// and the contract refuses a second mint of the same bytes and a reused transfer nonce anyway. A batch is
    /// looked at once, by its shared hash; one that reverted as a whole goes back to its lane to be split.
    /// </summary>
    public async Task ReconcileAsync(IReadOnlyList<RelayerLane> lanes, IReadOnlyList<RelayerLane> activeLanes,
        Func<RelayerLane> pickLane, CancellationToken stop)
    {
        var head = await chain.GetBlockNumberAsync(stop);
        tracker.StartAfter(head);

        List<ChainTransaction> open;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // This instance reconciles the rows of the lanes it holds, and rows of relayers no instance has configured.
            var held = activeLanes.Select(l => l.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var configured = lanes.Select(l => l.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
            open = (await db.ChainTransactions.AsNoTracking()
                    .Where(t => t.DeploymentKey == deployment.Key
                        && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent))
                    .ToListAsync(stop))
                .Where(t => t.Relayer is null || held.Contains(t.Relayer) || (!configured.Contains(t.Relayer) && held.Count > 0))
                .ToList();
            if (leases is SingleInstanceLease)
            {
                // Idempotency keys whose request died with the previous process: release them so a retry runs.
                // Only safe with one instance: elsewhere another instance's request may still be running.
                // (Compared in memory: SQLite stores DateTimeOffset as text. In-flight keys are few.)
                var orphaned = (await db.IdempotencyRecords.Where(r => !r.Completed).ToListAsync(stop))
                    .Where(r => r.CreatedAt < startedAt).ToList();
                db.IdempotencyRecords.RemoveRange(orphaned);
                await db.SaveChangesAsync(stop);
            }
        }
        if (open.Count == 0) return;

        var mined = new List<(Guid, MinedTransaction)>();
        var tracked = 0;
        var owed = new List<ChainTransaction>();
        var split = new List<ChainTransaction>();
        // The rows of one batch share its hash: one look at the chain for the whole transaction.
        var transactions = open.OrderBy(r => r.Relayer).ThenBy(r => r.Nonce).ThenBy(r => r.BatchIndex)
            .GroupBy(r => r.TransactionHash ?? r.Id.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var transaction in transactions)
        {
            var rows = transaction.ToList();
            var row = rows[0];
            var tx = row.TransactionHash is null ? null : await chain.GetMinedTransactionAsync(row.TransactionHash, stop);
            if (tx is not null && !tx.Succeeded && rows.Count > 1) split.Add(row); // reverted as a whole: its lane splits it
            else if (tx is not null && tx.BlockNumber <= head - confirmationDepth) mined.AddRange(rows.Select(r => (r.Id, tx)));
            else if (tx is not null)
            {
                tracker.Expect(rows); // mined, not yet deep enough
                tracked += rows.Count;
            }
            else if (row.TransactionHash is not null && await chain.IsKnownTransactionAsync(row.TransactionHash, stop))
            {
                tracker.Expect(rows);
                tracked += rows.Count;
            }
            else owed.AddRange(rows);
        }
        await finalizer.ConfirmOrFailAsync(mined, stop);
        foreach (var row in owed)
        {
            var lane = activeLanes.FirstOrDefault(l => Formats.SameAddress(l.Address, row.Relayer)) ?? pickLane();
            lane.EnqueueOwed(row);
        }
        foreach (var row in split)
        {
            var lane = activeLanes.FirstOrDefault(l => Formats.SameAddress(l.Address, row.Relayer)) ?? pickLane();
            lane.EnqueueStalled(new StalledTransaction(row.Id, row.TransactionHash!, row.Relayer, StallKind.Reverted));
        }
        logger.LogInformation(
            "Reconciled the outbox: {Mined} mined, {Tracked} still pending on the node, {Owed} never reached the chain and re-queued",
            mined.Count, tracked, owed.Count);
    }
}
