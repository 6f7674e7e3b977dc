using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Proofs;

namespace DigitalCollections.UnitTests.Proofs;

public sealed class ProofBatcherTests
{
    /// <summary>A node whose eth_getProof calls wait until released, recording the slots of each.</summary>
    private sealed class GatedNode : IStateProofReader
    {
        public List<(long Block, IReadOnlyList<string> Slots)> Calls { get; } = [];
        public TaskCompletionSource Release { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Exception? Fail { get; set; }

        public async Task<StateProof?> GetProofAsync(IReadOnlyList<string> slots, long blockNumber, CancellationToken ct)
        {
            lock (Calls) Calls.Add((blockNumber, slots));
            await Release.Task;
            if (Fail is { } e) throw e;
            return new StateProof(new ProvenBlock(blockNumber, "0xb" + blockNumber, []),
                new AccountProof("0xc", "0x0", "0x0", "0xs", "0xh", ["0xaccount"], slots.Select(s => new SlotProof(s, "0x" + s[2..], ["0xnode" + s])).ToList()));
        }

        public Task<(byte[] Word, long Head)> ReadSlotAsync(string slot, CancellationToken ct) => throw new NotSupportedException();
        public Task<(IReadOnlyList<byte[]> Words, long Head)> ReadSlotsAsync(IReadOnlyList<string> slots, CancellationToken ct) => throw new NotSupportedException();
        public Task<string?> BlockHashAsync(long blockNumber, CancellationToken ct) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_lone_request_goes_at_once_with_its_own_slots()
    {
        var node = new GatedNode();
        var batcher = new ProofBatcher(node);
        var proof = batcher.GetProofAsync(["0x01", "0x02"], 7, CancellationToken.None);
        Assert.Single(node.Calls);
        Assert.Equal(["0x01", "0x02"], node.Calls[0].Slots);
        node.Release.SetResult();
        Assert.Equal(["0x01", "0x02"], (await proof)!.Account.Storage.Select(s => s.Slot));
    }

    [Fact]
    public async Task Requests_arriving_while_a_call_is_in_flight_go_together_and_each_gets_its_own_slots_in_order()
    {
        var node = new GatedNode();
        var batcher = new ProofBatcher(node);
        var first = batcher.GetProofAsync(["0x01"], 7, CancellationToken.None);
        var second = batcher.GetProofAsync(["0x03", "0x02"], 7, CancellationToken.None);
        var third = batcher.GetProofAsync(["0x02", "0x04"], 7, CancellationToken.None);
        var otherBlock = batcher.GetProofAsync(["0x01"], 8, CancellationToken.None);
        Assert.Equal(2, node.Calls.Count); // block 7's first call and block 8's: the others wait for block 7's to return

        var released = node.Release;
        node.Release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        await first;
        await WaitUntilAsync(() => node.Calls.Count == 3);
        Assert.Equal(["0x03", "0x02", "0x04"], node.Calls[2].Slots); // one call for both, each slot once
        node.Release.SetResult();

        Assert.Equal(["0x03", "0x02"], (await second)!.Account.Storage.Select(s => s.Slot));
        Assert.Equal(["0x02", "0x04"], (await third)!.Account.Storage.Select(s => s.Slot));
        Assert.Equal(["0xnode0x04"], (await third)!.Account.Storage[1].Proof);
        Assert.Equal(8, (await otherBlock)!.Block.Number);
    }

    [Fact]
    public async Task A_failed_call_fails_its_requests_and_the_next_ones_still_go()
    {
        var node = new GatedNode { Fail = new InvalidOperationException("node down") };
        var batcher = new ProofBatcher(node);
        var failing = batcher.GetProofAsync(["0x01"], 7, CancellationToken.None);
        node.Release.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        node.Fail = null;
        Assert.NotNull(await batcher.GetProofAsync(["0x01"], 7, CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_others_in_its_call()
    {
        var node = new GatedNode();
        var batcher = new ProofBatcher(node);
        using var cancel = new CancellationTokenSource();
        var leaving = batcher.GetProofAsync(["0x01"], 7, cancel.Token);
        var staying = batcher.GetProofAsync(["0x02"], 7, CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        node.Release.SetResult();
        Assert.Equal(["0x02"], (await staying)!.Account.Storage.Select(s => s.Slot));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
