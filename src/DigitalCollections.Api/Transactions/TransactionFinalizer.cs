using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// Writes a transaction's end into the database: confirmed (and, for a mint, the work row in the same
/// commit, so "confirmed" and "work exists" never disagree) or failed with the reason.
/// </summary>
public sealed class TransactionFinalizer(
    IServiceScopeFactory scopes,
    IChainReader chain,
    IContractReader contract,
    Deployment deployment,
    ContentStore store,
    TransactionWaiters waiters,
    Common.KeyedLocks locks,
    Indexing.WriteWatermark writes,
    TimeProvider clock,
    ILogger<TransactionFinalizer> logger,
    Similarity.SimilarityIndexRefresher? similarity = null)
{
    public async Task ConfirmOrFailAsync(IReadOnlyList<(Guid Id, MinedTransaction Mined)> mined, CancellationToken ct)
    {
        if (mined.Count == 0) return;
        var byId = mined.ToDictionary(m => m.Id, m => m.Mined);
        var outcomes = new List<TransactionOutcome>(mined.Count);
        var failedMints = new List<string>();

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = byId.Keys.ToList();
        var rows = new List<ChainTransaction>(ids.Count);
        await foreach (var row in TransactionsById(db, ids).WithCancellation(ct)) rows.Add(row);
        await BatchItemOutcomes.ResolveAsync(chain, rows, byId, ct); // a batch's rows: each its own item's outcome
        // Replays (reconciliation after a crash) must not add a work row twice: one look for the whole batch.
        var minting = rows.Where(r => !r.IsFinal && TransactionKinds.Registers(r.Kind) && byId[r.Id].MintedTokenId is not null)
            .Select(r => byId[r.Id].MintedTokenId!.Value).ToList();
        var deploymentKey = deployment.Key;
        var recorded = minting.Count == 0
            ? []
            : await RecordedTokensAsync(db, deploymentKey, minting, ct);
        var ended = new List<ChainTransaction>(rows.Count);
        var works = new List<WorkRecord>();
        var changes = new List<Works.MetadataChange>();
        foreach (var row in rows.Where(r => !r.IsFinal))
        {
            ended.Add(row);
            var tx = byId[row.Id];
            row.TransactionHash = tx.TransactionHash; // a replaced transaction may be confirmed by either of its hashes
            row.BlockNumber = tx.BlockNumber;
            row.BlockHash = tx.BlockHash;
            row.CompletedAt = clock.GetUtcNow();
            try
            {
                outcomes.Add(await EndAsync(row, tx, recorded, works, changes, ct));
            }
            catch (Exception e) when (e is not ChainUnavailableException and not OperationCanceledException)
            {
                // One row that cannot be finalised never holds up the rest: it fails with the reason.
                Fail(row, "unfinalizable", $"Mined in block {tx.BlockNumber}, but its outcome could not be recorded: {e.Message}");
                logger.LogError(e, "Transaction {TransactionHash} ({Id}) could not be finalised; failed", row.TransactionHash, row.Id);
                outcomes.Add(new(row, null, null));
            }
            if (row.State == TransactionStates.Failed && row.ContentHash is not null) failedMints.Add(row.ContentHash);
        }
        await FinalizedRows.SaveAsync(db, ended, works, await Metadata.MetadataChangeRows.NotRecordedAsync(db, changes, ct));
        if (works.Count > 0) similarity?.NoteWorksCommitted(); // before anyone hears: the next registration compares with these
        Observed(ended);
        // Reads wait until the index has these blocks, so a client sees its own write right after the 201.
        foreach (var outcome in outcomes.Where(o => o.Transaction.BlockNumber is not null))
            writes.Note(outcome.Transaction.BlockNumber!.Value);
        await ForgetContentAsync(db, failedMints);
        foreach (var outcome in outcomes) waiters.Complete(outcome);
    }

    /// <summary>One mined row's end: confirmed (a mint with its work row), or failed with the contract's reason.</summary>
    private async Task<TransactionOutcome> EndAsync(ChainTransaction row, MinedTransaction tx, HashSet<long> recorded,
        List<WorkRecord> works, List<Works.MetadataChange> changes, CancellationToken ct)
    {
        if (!tx.Succeeded || tx.SkippedWith is not null)
        {
            // A batch's skipped item: its own single call, replayed, says why exactly as a lone write's revert does.
            var revert = await contract.ExplainRevertAsync(row.Relayer!, row.CallData, ct)
                ?? (tx.SkippedWith is { } skipped ? await BatchItemOutcomes.SkipReasonAsync(contract, row, skipped, ct) : null);
            Fail(row, revert?.Name ?? "reverted", revert is null
                ? "The transaction reverted on chain; replaying it now succeeds, so the state it depended on changed."
                : $"The contract reverted: {revert}.");
            logger.LogWarning("Transaction {TransactionHash} ({Id}) reverted: {Reason}", row.TransactionHash, row.Id, row.FailureCode);
            return new(row, revert, null);
        }
        if (!TransactionKinds.Registers(row.Kind))
        {
            if (row.Kind == TransactionKinds.MetadataChange) changes.Add(Metadata.MetadataChangeRows.From(row, await BlockTimeAsync(tx, ct)));
            row.State = TransactionStates.Confirmed;
            return new(row, null, null);
        }
        if (tx.MintedTokenId is not { } tokenId)
        {
            // Our contract always logs a registration: a "successful" mint without one ran against no code.
            Fail(row, "no-registration", $"Mined in block {tx.BlockNumber} without a WorkRegistered event of {deployment.ContractAddress}: " +
                "the call did not reach the contract (a chain without its code?). Nothing was registered.");
            logger.LogError("Mint {TransactionHash} ({Id}) was mined without a WorkRegistered event; failed", row.TransactionHash, row.Id);
            return new(row, null, null);
        }
        var blockTime = await BlockTimeAsync(tx, ct);
        row.TokenId = tokenId;
        if (FinalizedRows.NewWork(row, blockTime, recorded) is { } work) works.Add(work);
        row.State = TransactionStates.Confirmed;
        return new(row, null, blockTime);
    }

    private async Task<DateTimeOffset> BlockTimeAsync(MinedTransaction tx, CancellationToken ct) => tx.BlockTimestampUnix is { } unix
        ? DateTimeOffset.FromUnixTimeSeconds(unix)
        : await chain.GetBlockTimeAsync(tx.BlockHash, tx.BlockNumber, ct);

    private static void Fail(ChainTransaction row, string code, string reason)
    {
        row.State = TransactionStates.Failed;
        row.FailureCode = code;
        row.FailureReason = reason;
        if (TransactionKinds.Registers(row.Kind)) row.TokenId = null;
    }

    /// <summary>
    /// The chain was reset: every write of this deployment not yet confirmed fails with <paramref name="code"/>,
    /// its content is released and its waiter answered. Safe to repeat and beside the tracker: a row that
    /// ended meanwhile is left as it is. Returns how many it failed. The failures' webhook events, and for a
    /// reset chain.reset, are stored in the same database transaction.
    /// </summary>
    public async Task<int> FailOpenAsync(string code, string reason, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var key = deployment.Key;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var events = new StatementBatch();
        if (code == ChainIdentityException.ChainReset) await Webhooks.WebhookOutbox.AddChainResetAsync(db, events, deployment, reason, now);
        var open = await db.ChainTransactions.AsNoTracking()
            .Where(t => t.DeploymentKey == key && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent))
            .Select(t => t.Id).ToListAsync(ct);
        if (open.Count == 0)
        {
            await events.ExecuteAsync(db, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return 0;
        }
        var failed = new List<ChainTransaction>(open.Count);
        foreach (var chunk in open.Chunk(500))
        {
            var ids = chunk.ToList();
            await db.ChainTransactions
                .Where(t => ids.Contains(t.Id) && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.State, TransactionStates.Failed).SetProperty(t => t.FailureCode, code)
                    .SetProperty(t => t.FailureReason, reason).SetProperty(t => t.CompletedAt, now), CancellationToken.None);
            failed.AddRange(await db.ChainTransactions.AsNoTracking()
                .Where(t => ids.Contains(t.Id) && t.State == TransactionStates.Failed && t.FailureCode == code).ToListAsync(CancellationToken.None));
        }
        await Webhooks.WebhookOutbox.AddEndedAsync(db, events, failed, now);
        await events.ExecuteAsync(db, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        Observed(failed);
        await ForgetContentAsync(db, failed.Where(t => t.ContentHash is not null).Select(t => t.ContentHash!).ToList());
        foreach (var row in failed) waiters.Complete(new(row, null, null));
        return failed.Count;
    }

    // Compiled once: the finalizer runs for every confirmed block while minting.
    private static readonly Func<AppDbContext, List<Guid>, IAsyncEnumerable<ChainTransaction>> TransactionsById =
        EF.CompileAsyncQuery((AppDbContext db, List<Guid> ids) => db.ChainTransactions.AsNoTracking().Where(t => ids.Contains(t.Id)));

    private static readonly Func<AppDbContext, string, List<long>, IAsyncEnumerable<long>> WorkTokens =
        EF.CompileAsyncQuery((AppDbContext db, string deploymentKey, List<long> tokenIds) =>
            db.Works.Where(w => w.DeploymentKey == deploymentKey && tokenIds.Contains(w.TokenId)).Select(w => w.TokenId));

    private static async Task<HashSet<long>> RecordedTokensAsync(AppDbContext db, string deploymentKey, List<long> tokenIds, CancellationToken ct)
    {
        var recorded = new HashSet<long>();
        await foreach (var tokenId in WorkTokens(db, deploymentKey, tokenIds).WithCancellation(ct)) recorded.Add(tokenId);
        return recorded;
    }

    /// <summary>A write that could not be sent at all (the node kept refusing it).</summary>
    public async Task FailUnsentAsync(ChainTransaction row, string code, string reason)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.ChainTransactions.SingleAsync(t => t.Id == row.Id);
        stored.State = TransactionStates.Failed;
        stored.FailureCode = code;
        stored.FailureReason = reason;
        stored.CompletedAt = clock.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.SaveChangesAsync();
            var events = new StatementBatch();
            await Webhooks.WebhookOutbox.AddEndedAsync(db, events, [stored], stored.CompletedAt.Value);
            await events.ExecuteAsync(db, CancellationToken.None);
            await transaction.CommitAsync();
        }
        Observed([stored]);
        if (stored.ContentHash is not null) await ForgetContentAsync(db, [stored.ContentHash]);
        waiters.Complete(new(stored, null, null));
    }

    /// <summary>Ended rows counted by state, and each one's confirmation span in the trace it was recorded in.</summary>
    private void Observed(IReadOnlyList<ChainTransaction> ended)
    {
        var now = clock.GetUtcNow();
        var confirmed = 0;
        foreach (var row in ended)
        {
            if (row.State == TransactionStates.Confirmed) confirmed++;
            Observability.WriteTraces.Ended(row, now);
        }
        Observability.Telemetry.WritesReached(TransactionStates.Confirmed, confirmed);
        Observability.Telemetry.WritesReached(TransactionStates.Failed, ended.Count - confirmed);
    }

    /// <summary>The bytes were stored when the mint was recorded; a failed mint drops them unless a work uses them.</summary>
    private async Task ForgetContentAsync(AppDbContext db, IReadOnlyCollection<string> contentHashes)
    {
        foreach (var hash in contentHashes.Distinct())
        {
            // Under the content's lock: a new mint of the same bytes holds it from its checks until it is recorded.
            using var _ = await locks.AcquireAsync(hash, CancellationToken.None);
            var inUse = await db.Works.AnyAsync(w => w.ContentHash == hash)
                || await db.ChainTransactions.AnyAsync(t => t.ContentHash == hash
                    && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent));
            if (!inUse) await store.DeleteAsync(hash, db, CancellationToken.None);
        }
    }
}
