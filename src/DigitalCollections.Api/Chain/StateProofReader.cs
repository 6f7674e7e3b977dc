using System.Text.Json;

namespace DigitalCollections.Api.Chain;

/// <summary><see cref="IStateProofReader"/> over the JSON-RPC transport (eth_getProof, eth_getBlockByNumber).</summary>
public sealed class StateProofReader(JsonRpcTransport rpc, Deployment deployment) : IStateProofReader
{
    /// <summary>
    /// The header fields a block hash covers, in RLP order. Each fork appended fields (London the base fee,
    /// Shanghai withdrawals, Cancun blobs and the beacon root, Prague the requests hash), so a block carries a
    /// prefix of this list.
    /// </summary>
    public static readonly IReadOnlyList<string> HeaderFields =
    [
        "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom", "difficulty",
        "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce", "baseFeePerGas", "withdrawalsRoot",
        "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "requestsHash",
    ];

    public async Task<(byte[] Word, long Head)> ReadSlotAsync(string slot, CancellationToken ct)
    {
        var (words, head) = await ReadSlotsAsync([slot], ct);
        return (words[0], head);
    }

    public async Task<(IReadOnlyList<byte[]> Words, long Head)> ReadSlotsAsync(IReadOnlyList<string> slots, CancellationToken ct)
    {
        var calls = new List<JsonRpcRequest> { new(0, "eth_blockNumber", []) };
        calls.AddRange(slots.Select((slot, i) => new JsonRpcRequest(i + 1, "eth_getStorageAt", [deployment.ContractAddress, slot, "latest"])));
        using var answers = await rpc.BatchAsync(calls, ct, RpcWait.Short);
        var head = ChainDecoder.Quantity(answers.Result(0, "eth_blockNumber").GetString());
        var words = slots.Select((_, i) => Word(answers.Result(i + 1, "eth_getStorageAt").GetString())).ToList();
        return (words, head);
    }

    private static byte[] Word(string? word)
    {
        var bytes = Formats.FromHex(word is null or "0x" ? "0x00" : word.Length % 2 == 1 ? "0x0" + word[2..] : word);
        var padded = new byte[32];
        bytes.AsSpan(Math.Max(0, bytes.Length - 32)).CopyTo(padded.AsSpan(Math.Max(0, 32 - bytes.Length)));
        return padded;
    }

    public async Task<string?> BlockHashAsync(long blockNumber, CancellationToken ct)
    {
        using var answers = await rpc.BatchAsync([new(0, "eth_getBlockByNumber", ["0x" + blockNumber.ToString("x"), false])], ct, RpcWait.Short);
        return answers.TryGetObject(0, out var header) ? header.GetProperty("hash").GetString() : null;
    }

    public async Task<StateProof?> GetProofAsync(IReadOnlyList<string> slots, long blockNumber, CancellationToken ct)
    {
        var block = "0x" + blockNumber.ToString("x");
        using var answers = await rpc.BatchAsync(
        [
            new(0, "eth_getBlockByNumber", [block, false]),
            new(1, "eth_getProof", [deployment.ContractAddress, slots.ToArray(), block]),
        ], ct, RpcWait.Short);
        if (!answers.TryGetObject(0, out var header)) return null;
        var proof = answers.Result(1, "eth_getProof");
        return new StateProof(Block(header), Account(proof));
    }

    private static ProvenBlock Block(JsonElement header)
    {
        var fields = new List<KeyValuePair<string, string>>(HeaderFields.Count);
        foreach (var name in HeaderFields)
        {
            if (!header.TryGetProperty(name, out var value) || value.GetString() is not { } text) break;
            fields.Add(new(name, text));
        }
        return new ProvenBlock(ChainDecoder.Quantity(header.GetProperty("number").GetString()), header.GetProperty("hash").GetString()!, fields);
    }

    private static AccountProof Account(JsonElement proof) => new(
        proof.GetProperty("address").GetString()!,
        proof.GetProperty("nonce").GetString()!,
        proof.GetProperty("balance").GetString()!,
        proof.GetProperty("storageHash").GetString()!,
        proof.GetProperty("codeHash").GetString()!,
        Strings(proof.GetProperty("accountProof")),
        proof.GetProperty("storageProof").EnumerateArray()
            .Select(s => new SlotProof(s.GetProperty("key").GetString()!, s.GetProperty("value").GetString()!, Strings(s.GetProperty("proof"))))
            .ToList());

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
