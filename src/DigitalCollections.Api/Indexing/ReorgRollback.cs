using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// The checkpoint's block is no longer on the chain: finds the newest indexed block that still is (the common
/// ancestor), deletes every row after it (transfers, tokens, rule changes, blocks), recomputes the owners those rows
/// had set, and moves the checkpoint there. A rule's current state is its newest row, so deleting is all it needs.
/// </summary>
internal sealed class ReorgRollback(IChainReader chain, Deployment deployment, IServiceScopeFactory scopes, TimeProvider clock, ILogger logger)
{
    private string Key => deployment.Key;

    /// <summary>Rolls the index back from <paramref name="checkpoint"/>; returns the ancestor it now stands at.</summary>
    public async Task<(long Number, string Hash)> RollBackAsync(long checkpoint, CancellationToken stop)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (ancestor, ancestorHash) = await CommonAncestorAsync(db, checkpoint, stop);

        await using (var tx = await db.Database.BeginTransactionAsync(stop))
        {
            var stale = await db.IndexedTokens.Where(t => t.DeploymentKey == Key && t.OwnerBlockNumber > ancestor && t.MintBlockNumber <= ancestor)
                .ToListAsync(stop);
            await Webhooks.IndexedTransferEvents.RetractAsync(db, Key, ancestor, stop); // their unsent work.transferred go with them
            await db.IndexedTransfers.Where(t => t.DeploymentKey == Key && t.BlockNumber > ancestor).ExecuteDeleteAsync(stop);
            await db.IndexedRuleChanges.Where(r => r.DeploymentKey == Key && r.BlockNumber > ancestor).ExecuteDeleteAsync(stop);
            await db.IndexedTokens.Where(t => t.DeploymentKey == Key && t.MintBlockNumber > ancestor).ExecuteDeleteAsync(stop);
            await db.IndexedBlocks.Where(b => b.DeploymentKey == Key && b.Number > ancestor).ExecuteDeleteAsync(stop);
            foreach (var token in stale)
            {
                var last = await db.IndexedTransfers.AsNoTracking()
                    .Where(t => t.DeploymentKey == Key && t.TokenId == token.TokenId)
                    .OrderByDescending(t => t.BlockNumber).ThenByDescending(t => t.LogIndex).FirstAsync(stop);
                token.Owner = last.To;
                token.OwnerBlockNumber = last.BlockNumber;
                token.OwnerLogIndex = last.LogIndex;
            }
            var stored = await db.IndexCheckpoints.SingleOrDefaultAsync(c => c.DeploymentKey == Key, stop);
            if (stored is not null)
            {
                stored.BlockNumber = ancestor;
                stored.BlockHash = ancestorHash;
                stored.UpdatedAt = clock.GetUtcNow();
            }
            await db.SaveChangesAsync(stop);
            await tx.CommitAsync(stop);
        }
        logger.LogWarning("Chain reorganisation: the index rolled back from block {From} to the common ancestor {To}", checkpoint, ancestor);
        return (ancestor, ancestorHash);
    }

    /// <summary>The newest indexed block at or below the checkpoint the chain still holds; before the deploy block when none is.</summary>
    private async Task<(long Number, string Hash)> CommonAncestorAsync(AppDbContext db, long checkpoint, CancellationToken stop)
    {
        var below = checkpoint + 1;
        while (true)
        {
            var candidates = await db.IndexedBlocks.AsNoTracking()
                .Where(b => b.DeploymentKey == Key && b.Number < below)
                .OrderByDescending(b => b.Number).Take(64).ToListAsync(stop);
            if (candidates.Count == 0) break;
            var onChain = (await chain.GetBlockHeadersAsync(candidates.Select(c => c.Number).ToList(), stop)).ToDictionary(h => h.Number);
            var match = candidates.FirstOrDefault(c => onChain.TryGetValue(c.Number, out var h) && ChainResetCheck.SameHash(h.Hash, c.Hash));
            if (match is not null) return (match.Number, match.Hash);
            below = candidates[^1].Number;
        }
        var ancestor = deployment.DeployBlock - 1;
        var hash = ancestor >= 0 ? (await chain.GetBlockHeadersAsync([ancestor], stop)).FirstOrDefault()?.Hash ?? "" : "";
        return (ancestor, hash);
    }
}
