using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Proofs;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Proofs;

/// <summary>The handler serves a bundle it built before at a block only while the node has the same hash for that block.</summary>
public sealed class GetWorkProofHandlerTests
{
    private const string Contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    /// <summary>A node with one unique work (token 1) at head 10, whose block hash the test can change (a reset chain).</summary>
    private sealed class OneWorkNode : IStateProofReader
    {
        public int Proofs { get; private set; }
        public string Hash { get; set; } = "0x" + new string('a', 64);

        private static byte[] Word(BigInteger value)
        {
            var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
            var word = new byte[32];
            bytes.CopyTo(word, 32 - bytes.Length);
            return word;
        }

        public Task<(IReadOnlyList<byte[]> Words, long Head)> ReadSlotsAsync(IReadOnlyList<string> slots, CancellationToken ct) =>
            Task.FromResult<(IReadOnlyList<byte[]>, long)>(([Word((BigInteger.One << 160) * 5 + 0xabc), Word(0x1234), Word(0)], 10));

        public Task<(byte[] Word, long Head)> ReadSlotAsync(string slot, CancellationToken ct) => throw new NotSupportedException();

        public Task<string?> BlockHashAsync(long blockNumber, CancellationToken ct) => Task.FromResult<string?>(Hash);

        public Task<StateProof?> GetProofAsync(IReadOnlyList<string> slots, long blockNumber, CancellationToken ct)
        {
            Proofs++;
            return Task.FromResult<StateProof?>(new StateProof(new ProvenBlock(blockNumber, Hash, [new("number", "0x" + blockNumber.ToString("x"))]),
                new AccountProof(Contract, "0x1", "0x0", "0x" + new string('5', 64), "0x" + new string('c', 64), ["0x00"],
                    slots.Select((s, i) => new SlotProof(s, i == 0 ? "0x50000000000000000000000000000000000000abc" : "0x1234", ["0x00"])).ToList())));
        }
    }

    [Fact]
    public async Task A_bundle_is_served_again_from_the_cache_until_the_blocks_hash_changes()
    {
        var node = new OneWorkNode();
        var chain = Options.Create(new ChainOptions { ConfirmationDepth = 2 });
        var deployment = new Deployment(31337, Contract, 0, null, []);
        using var cache = new ProofCache(Options.Create(new ProofOptions()));
        var handler = new GetWorkProofHandler(node, new WorkProofBuilder(new ProofBatcher(node), deployment), cache, chain);

        var first = await handler.Handle(new GetWorkProofQuery("1", null), CancellationToken.None);
        Assert.Equal(8, first.Block.Number);
        Assert.Equal("digitalcollections-work-proof/1", first.Format);
        Assert.Same(first, await handler.Handle(new GetWorkProofQuery("1", null), CancellationToken.None));
        Assert.Equal(1, node.Proofs);

        node.Hash = "0x" + new string('b', 64); // the chain was reset or reorganised below block 8
        var rebuilt = await handler.Handle(new GetWorkProofQuery("1", null), CancellationToken.None);
        Assert.Equal(2, node.Proofs);
        Assert.Equal(node.Hash, rebuilt.Block.Hash);

        await handler.Handle(new GetWorkProofQuery("1", "9"), CancellationToken.None); // another block: its own bundle
        Assert.Equal(3, node.Proofs);
    }
}
