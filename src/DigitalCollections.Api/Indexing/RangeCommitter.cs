using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Writes a range of blocks into the index: the range's events folded per token in memory, then written
/// set-based with the checkpoint in one transaction, so a restart resumes exactly where it stopped and a
/// replayed range adds nothing. Keeps only the newest block hashes a reorg's common ancestor is looked for in.
/// </summary>
internal sealed class RangeCommitter(IServiceScopeFactory scopes, string deploymentKey, TimeProvider clock)
{
    /// <summary>Indexed block hashes kept for finding a reorg's common ancestor; deeper reorgs re-index from the start.</summary>
    internal const int ReorgHistoryBlocks = 1024;

    public async Task CommitAsync(IndexedRange range, string toHash, CancellationToken stop)
    {
        var (logs, headers, to) = (range.Logs, range.Headers, range.To);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var from = logs.Count == 0 ? to : logs.Min(l => l.BlockNumber);

        var (tokens, minted, transfers, rules) = Fold(logs, headers);
        var blocks = headers.Values.Where(h => h.Number >= from).OrderBy(h => h.Number)
            .Select(h => new IndexedBlock { DeploymentKey = deploymentKey, Number = h.Number, Hash = h.Hash, TimestampUnix = h.TimestampUnix }).ToList();

        // Rows and checkpoint in one transaction; every write is idempotent, so a range read twice adds nothing.
        await using (var tx = await db.Database.BeginTransactionAsync(stop))
        {
            var writer = new IndexRowWriter(db);
            await writer.InsertTransfersAsync(transfers, stop);
            await Webhooks.IndexedTransferEvents.AddAsync(db, transfers, clock.GetUtcNow(), stop); // work.transferred, in this transaction
            if (rules.Count > 0) await writer.InsertRuleChangesAsync(rules, stop);
            await writer.UpsertTokensAsync(tokens.Values.Where(t => minted.Contains(t.TokenId)).ToList(), withMint: true, stop);
            await writer.UpsertTokensAsync(tokens.Values.Where(t => !minted.Contains(t.TokenId)).ToList(), withMint: false, stop);
            await writer.InsertBlocksAsync(blocks, stop);
            await writer.UpsertCheckpointAsync(new IndexCheckpoint
            {
                DeploymentKey = deploymentKey, BlockNumber = to, BlockHash = toHash, UpdatedAt = clock.GetUtcNow(),
            }, stop);
            await tx.CommitAsync(stop);
        }

        if (to % 256 == 0 || logs.Count > 0 && to - from > ReorgHistoryBlocks)
        {
            await db.IndexedBlocks.Where(b => b.DeploymentKey == deploymentKey && b.Number < to - ReorgHistoryBlocks).ExecuteDeleteAsync(stop);
        }
    }

    /// <summary>
    /// The range's events per token (logs come in chain order): the transfers, each token's last owner, which tokens
    /// it mints, and the rule changes (rows of their own: they touch no token row, so the token upsert stays as it was).
    /// </summary>
    private (Dictionary<long, IndexedToken> Tokens, HashSet<long> Minted, List<IndexedTransfer> Transfers, List<IndexedRuleChange> Rules) Fold(
        IReadOnlyList<ContractLog> logs, IReadOnlyDictionary<long, BlockHeader> headers)
    {
        var tokens = new Dictionary<long, IndexedToken>();
        var minted = new HashSet<long>();
        var transfers = new List<IndexedTransfer>(logs.Count);
        List<IndexedRuleChange>? rules = null;
        // Editions registered in this range: their tokens are minted in the same transaction, so after it in the range.
        var editions = new List<ContractLog>();
        foreach (var log in logs)
        {
            var time = headers[log.BlockNumber].TimestampUnix;
            if (log.Kind == ContractLogKind.EditionRegistered)
            {
                editions.Add(log);
                continue;
            }
            if (RuleChangeKinds.Of(log.Kind) is { } kind)
            {
                (rules ??= []).Add(new IndexedRuleChange
                {
                    DeploymentKey = deploymentKey, Kind = kind, TokenId = log.Kind == ContractLogKind.MinimumHoldChanged ? null : log.TokenId,
                    Value = log.Value, BlockNumber = log.BlockNumber, BlockHash = log.BlockHash, LogIndex = log.LogIndex,
                    TransactionHash = log.TransactionHash, TimestampUnix = time,
                });
                continue;
            }
            if (!tokens.TryGetValue(log.TokenId, out var token))
            {
                // Mint facts here are placeholders for a token minted before this range: they are written only
                // when the range holds the mint (or the token has no row yet).
                token = new IndexedToken
                {
                    DeploymentKey = deploymentKey, TokenId = log.TokenId, Owner = Formats.ZeroAddress,
                    MintBlockNumber = log.BlockNumber, MintTransactionHash = log.TransactionHash, RegisteredAtUnix = time,
                    OwnerBlockNumber = -1, OwnerLogIndex = -1,
                };
                tokens[log.TokenId] = token;
                if (editions.FirstOrDefault(e => log.TokenId >= e.TokenId && log.TokenId < e.TokenId + e.Edition!.Size) is { } edition)
                {
                    token.Creator = edition.Creator;
                    token.ContentHash = edition.ContentHash;
                    token.EditionFirstTokenId = edition.TokenId;
                    token.EditionNumber = (int)(log.TokenId - edition.TokenId + 1);
                    token.EditionSize = edition.Edition!.Size;
                    token.HoldSeconds = edition.Edition.HoldSeconds;
                    token.Locked = !edition.Edition.Transferable;
                }
            }
            if (log.Kind == ContractLogKind.WorkRegistered)
            {
                token.Creator = log.Creator;
                token.ContentHash = log.ContentHash;
                continue;
            }
            transfers.Add(new IndexedTransfer
            {
                DeploymentKey = deploymentKey, TokenId = log.TokenId, From = log.From!, To = log.To!,
                BlockNumber = log.BlockNumber, BlockHash = log.BlockHash, LogIndex = log.LogIndex,
                TransactionHash = log.TransactionHash, TimestampUnix = time,
            });
            if (Formats.IsZeroAddress(log.From))
            {
                minted.Add(log.TokenId);
                token.MintBlockNumber = log.BlockNumber;
                token.MintTransactionHash = log.TransactionHash;
                token.RegisteredAtUnix = time;
            }
            if ((log.BlockNumber, log.LogIndex).CompareTo((token.OwnerBlockNumber, token.OwnerLogIndex)) > 0)
            {
                token.Owner = log.To!;
                token.OwnerBlockNumber = log.BlockNumber;
                token.OwnerLogIndex = log.LogIndex;
            }
        }
        return (tokens, minted, transfers, rules ?? []);
    }
}
