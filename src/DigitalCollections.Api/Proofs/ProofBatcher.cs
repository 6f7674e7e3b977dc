using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Proofs;

/// <summary>
/// Coalesces the bundles' eth_getProof calls at one block. A Hardhat node's eth_getProof costs about the same for 1
/// key as for 100 (it rebuilds the contract's storage trie on each call; docs/benchmarks.md, "Proof bundles"), while
/// calls in one JSON-RPC batch cost each their own. So nothing waits for company: a call goes at once when none for
/// its block is in flight, and the requests that arrive meanwhile go together, all their slots in one call, when it
/// returns. Each request gets the account proof and its own slots' proofs, in its order.
/// </summary>
public sealed class ProofBatcher(IStateProofReader proofs)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<Pending>> _waiting = [];

    private sealed record Pending(IReadOnlyList<string> Slots, TaskCompletionSource<StateProof?> Done);

    /// <summary>The header of the block and the contract's proofs of these slots at it; null when the node has no such block.</summary>
    public Task<StateProof?> GetProofAsync(IReadOnlyList<string> slots, long block, CancellationToken ct)
    {
        var pending = new Pending(slots, new TaskCompletionSource<StateProof?>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool first;
        lock (_gate)
        {
            first = !_waiting.TryGetValue(block, out var queue);
            if (first) _waiting[block] = queue = [];
            queue!.Add(pending);
        }
        if (first) _ = SendAsync(block);
        return pending.Done.Task.WaitAsync(ct);
    }

    // While a block has an entry in _waiting, one SendAsync loop runs for it and takes what queued on each turn.
    private async Task SendAsync(long block)
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                batch = _waiting[block];
                if (batch.Count == 0)
                {
                    _waiting.Remove(block);
                    return;
                }
                _waiting[block] = [];
            }
            try
            {
                var slots = batch.SelectMany(p => p.Slots).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                // Not the requests' tokens: one caller giving up must not fail the others in the call.
                var proof = await proofs.GetProofAsync(slots, block, CancellationToken.None);
                var bySlot = proof is null ? null
                    : slots.Select((s, i) => (s, proof.Account.Storage[i])).ToDictionary(x => x.s, x => x.Item2, StringComparer.OrdinalIgnoreCase);
                foreach (var p in batch)
                {
                    p.Done.TrySetResult(proof is null ? null
                        : proof with { Account = proof.Account with { Storage = p.Slots.Select(s => bySlot![s]).ToList() } });
                }
            }
            catch (Exception e)
            {
                foreach (var p in batch) p.Done.TrySetException(e);
            }
        }
    }
}
