using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.Hex.HexConvertors.Extensions;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// What the node answers, turned into the API's records: block headers, the contract's two events, and the
/// ABI words of its view functions. Every answer is decoded here (the indexer's and the tracker's hot paths
/// included), by hand from System.Text.Json: Nethereum's generic log DTOs and reflection-based decoding cost
/// several times the node's own eth_getLogs time on a dense range.
/// </summary>
public sealed class ChainDecoder(Deployment deployment)
{
    public static readonly string TransferTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<TransferEventDto>().Sha3Signature.EnsureHexPrefix();
    public static readonly string WorkRegisteredTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<WorkRegisteredEventDto>().Sha3Signature.EnsureHexPrefix();

    public static readonly string EditionRegisteredTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<EditionRegisteredEventDto>().Sha3Signature.EnsureHexPrefix();

    public static readonly string TokenFrozenTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<TokenFrozenEventDto>().Sha3Signature.EnsureHexPrefix();
    public static readonly string TokenUnfrozenTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<TokenUnfrozenEventDto>().Sha3Signature.EnsureHexPrefix();
    public static readonly string MinimumHoldChangedTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<MinimumHoldChangedEventDto>().Sha3Signature.EnsureHexPrefix();
    public static readonly string MetadataUpdateTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<MetadataUpdateEventDto>().Sha3Signature.EnsureHexPrefix();
    public static readonly string BatchMetadataUpdateTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<BatchMetadataUpdateEventDto>().Sha3Signature.EnsureHexPrefix();

    /// <summary>
    /// The events the index and the tracker ask the node for (one topic-0 alternative list). ERC-5192's
    /// Locked/Unlocked and MetadataChanged are left out: each accompanies an event listed here in the same
    /// transaction (EditionRegistered of a non-transferable work, TokenFrozen/TokenUnfrozen, MetadataUpdate),
    /// and Locked comes once per token of a non-transferable edition (10,000 logs for a large one).
    /// </summary>
    public static readonly string[] IndexedTopics =
    [
        WorkRegisteredTopic, TransferTopic, EditionRegisteredTopic,
        TokenFrozenTopic, TokenUnfrozenTopic, MinimumHoldChangedTopic, MetadataUpdateTopic, BatchMetadataUpdateTopic,
    ];

    public static readonly string MintSkippedTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<MintSkippedEventDto>().Sha3Signature.EnsureHexPrefix();
    public static readonly string TransferSkippedTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<TransferSkippedEventDto>().Sha3Signature.EnsureHexPrefix();

    /// <summary>Bound of the checksum cache: holders and creators repeat, but a long backfill sees many.</summary>
    internal const int MaxChecksums = 100_000;

    // EIP-55 checksums of the addresses seen in logs; cleared whole at the bound (cheap, and rare).
    private readonly ConcurrentDictionary<string, string> _checksums = new(StringComparer.OrdinalIgnoreCase);
    private readonly byte[] _contract = Formats.FromHex(deployment.ContractAddress);

    public static BlockHeader Header(JsonElement block) => new(
        Quantity(block.GetProperty("number").GetString()),
        block.GetProperty("hash").GetString()!,
        block.GetProperty("parentHash").GetString()!,
        Quantity(block.GetProperty("timestamp").GetString()));

    /// <summary>A pushed header with its logs bloom's answer for the contract's address.</summary>
    public PushedHeader PushedHeader(JsonElement block)
    {
        var bloom = block.TryGetProperty("logsBloom", out var b) ? b.GetString() : null;
        return new PushedHeader(Header(block), bloom is null || Bloom.MayContain(bloom, _contract));
    }

    /// <summary>An eth_getLogs answer: the contract's events in chain order, logs the node took back left out.</summary>
    public List<ContractLog> Logs(JsonElement logs)
    {
        var result = new List<ContractLog>(logs.GetArrayLength());
        foreach (var log in logs.EnumerateArray())
        {
            if (IsRemoved(log)) continue;
            if (Log(log) is { } parsed) result.Add(parsed);
        }
        result.Sort((a, b) => a.BlockNumber != b.BlockNumber ? a.BlockNumber.CompareTo(b.BlockNumber) : a.LogIndex.CompareTo(b.LogIndex));
        return result;
    }

    public static bool IsRemoved(JsonElement log) => log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True;

    /// <summary>One of the contract's indexed events (<see cref="IndexedTopics"/>), decoded; null for anything else.</summary>
    public ContractLog? Log(JsonElement log)
    {
        var topics = log.GetProperty("topics");
        var count = topics.GetArrayLength();
        if (count == 0) return null;
        var topic = topics[0].GetString();
        var block = Quantity(log.GetProperty("blockNumber").GetString());
        var index = Quantity(log.GetProperty("logIndex").GetString());
        var blockHash = log.GetProperty("blockHash").GetString()!;
        var transactionHash = log.GetProperty("transactionHash").GetString()!;
        // The hot path first: a dense range is almost all Transfer and WorkRegistered.
        if (count == 4 && string.Equals(topic, TransferTopic, StringComparison.OrdinalIgnoreCase))
        {
            return new ContractLog(ContractLogKind.Transfer, TopicToInt64(topics[3].GetString()!),
                TopicToAddress(topics[1].GetString()!), TopicToAddress(topics[2].GetString()!),
                null, null, block, blockHash, index, transactionHash);
        }
        if (count == 4 && string.Equals(topic, WorkRegisteredTopic, StringComparison.OrdinalIgnoreCase))
        {
            return new ContractLog(ContractLogKind.WorkRegistered, TopicToInt64(topics[1].GetString()!), null, null,
                TopicToAddress(topics[2].GetString()!), Formats.NormalizeHash(topics[3].GetString()!),
                block, blockHash, index, transactionHash);
        }
        if (count == 4 && string.Equals(topic, EditionRegisteredTopic, StringComparison.OrdinalIgnoreCase))
        {
            // data: uint32 size, uint64 holdSeconds, bool transferable
            var data = log.GetProperty("data").GetString()![2..];
            return new ContractLog(ContractLogKind.EditionRegistered, TopicToInt64(topics[1].GetString()!), null, null,
                TopicToAddress(topics[2].GetString()!), Formats.NormalizeHash(topics[3].GetString()!),
                block, blockHash, index, transactionHash,
                new EditionFacts((int)UIntAt(data, 0), (long)UIntAt(data, 1), !UIntAt(data, 2).IsZero));
        }
        ContractLog Rule(ContractLogKind kind, long tokenId, long value) =>
            new(kind, tokenId, null, null, null, null, block, blockHash, index, transactionHash, null, value);
        if (count == 2 && string.Equals(topic, TokenFrozenTopic, StringComparison.OrdinalIgnoreCase))
            return Rule(ContractLogKind.TokenFrozen, TopicToInt64(topics[1].GetString()!), (long)UIntAt(Data(log), 0));
        if (count == 2 && string.Equals(topic, TokenUnfrozenTopic, StringComparison.OrdinalIgnoreCase))
            return Rule(ContractLogKind.TokenUnfrozen, TopicToInt64(topics[1].GetString()!), 0);
        if (count == 1 && string.Equals(topic, MinimumHoldChangedTopic, StringComparison.OrdinalIgnoreCase))
            return Rule(ContractLogKind.MinimumHoldChanged, 0, Clamp(UIntAt(Data(log), 0)));
        if (count == 1 && string.Equals(topic, MetadataUpdateTopic, StringComparison.OrdinalIgnoreCase))
        {
            var token = Clamp(UIntAt(Data(log), 0));
            return Rule(ContractLogKind.MetadataUpdate, token, token);
        }
        if (count == 1 && string.Equals(topic, BatchMetadataUpdateTopic, StringComparison.OrdinalIgnoreCase))
        {
            var data = Data(log);
            return Rule(ContractLogKind.MetadataUpdate, Clamp(UIntAt(data, 0)), Clamp(UIntAt(data, 1)));
        }
        return null;
    }

    private static string Data(JsonElement log) => log.GetProperty("data").GetString()![2..];

    /// <summary>A uint64 hold past long's range (no real hold) is kept as the longest a long says.</summary>
    private static long Clamp(BigInteger value) => value > long.MaxValue ? long.MaxValue : (long)value;

    /// <summary>A receipt's outcome: mined or not, and the token its WorkRegistered log (of our contract) names.</summary>
    public MinedTransaction? Receipt(JsonElement receipt)
    {
        if (receipt.ValueKind != JsonValueKind.Object || !receipt.TryGetProperty("blockNumber", out var number)
            || number.ValueKind != JsonValueKind.String) return null;
        long? minted = null;
        if (receipt.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array)
        {
            foreach (var log in logs.EnumerateArray())
            {
                var topics = log.GetProperty("topics");
                if (topics.GetArrayLength() == 4 && Formats.SameAddress(log.GetProperty("address").GetString(), deployment.ContractAddress)
                    && string.Equals(topics[0].GetString(), WorkRegisteredTopic, StringComparison.OrdinalIgnoreCase))
                {
                    minted = TopicToInt64(topics[1].GetString()!);
                    break;
                }
            }
        }
        var status = receipt.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? Quantity(s.GetString()) : 0;
        return new MinedTransaction(receipt.GetProperty("transactionHash").GetString()!, Quantity(number.GetString()),
            receipt.GetProperty("blockHash").GetString()!, status == 1, minted);
    }

    /// <summary>
    /// A receipt's logs of our contract as a batch's outcome: registrations, Transfer logs and skipped items
    /// (MintSkipped/TransferSkipped: the index topic, and the reason in the data's second word). Null while unmined.
    /// </summary>
    public BatchLogs? BatchReceipt(JsonElement receipt)
    {
        if (receipt.ValueKind != JsonValueKind.Object || !receipt.TryGetProperty("blockNumber", out var number)
            || number.ValueKind != JsonValueKind.String) return null;
        var registered = new List<RegisteredToken>();
        var skips = new List<BatchSkip>();
        var transfers = 0;
        if (receipt.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array)
        {
            foreach (var log in logs.EnumerateArray())
            {
                if (!Formats.SameAddress(log.GetProperty("address").GetString(), deployment.ContractAddress)) continue;
                var topics = log.GetProperty("topics");
                if (topics.GetArrayLength() == 0) continue;
                var topic = topics[0].GetString();
                if (string.Equals(topic, WorkRegisteredTopic, StringComparison.OrdinalIgnoreCase) && topics.GetArrayLength() == 4)
                    registered.Add(new RegisteredToken(TopicToInt64(topics[1].GetString()!), Formats.NormalizeHash(topics[3].GetString()!)));
                else if (string.Equals(topic, TransferTopic, StringComparison.OrdinalIgnoreCase))
                    transfers++;
                else if ((string.Equals(topic, MintSkippedTopic, StringComparison.OrdinalIgnoreCase)
                          || string.Equals(topic, TransferSkippedTopic, StringComparison.OrdinalIgnoreCase)) && topics.GetArrayLength() == 2)
                {
                    var data = log.GetProperty("data").GetString()![2..];
                    skips.Add(new BatchSkip((int)TopicToInt64(topics[1].GetString()!), "0x" + WordAt(data, 1)[..8].ToLowerInvariant()));
                }
            }
        }
        return new BatchLogs(registered, transfers, skips);
    }

    /// <summary>A JSON-RPC quantity ("0x1a"); "0x0" is zero.</summary>
    public static long Quantity(string? hex) =>
        hex is { Length: > 2 } && hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(hex.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : throw new FormatException($"Not a JSON-RPC quantity: '{hex}'.");

    /// <summary>A quantity that may exceed a long (a gas price in wei).</summary>
    public static BigInteger BigQuantity(string? hex) =>
        hex is { Length: > 2 } ? BigInteger.Parse("0" + hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : throw new FormatException($"Not a JSON-RPC quantity: '{hex}'.");

    /// <summary>A uint256 topic as a token id; one that does not fit a long fails.</summary>
    public static long TopicToInt64(string topic)
    {
        var digits = topic.AsSpan(2);
        if (digits.Length == 64 && !digits[..48].ContainsAnyExcept('0') && digits[48] < '8')
            return long.Parse(digits[48..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return (long)BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public string TopicToAddress(string topic) => Checksum("0x" + topic[^40..]);

    /// <summary>The EIP-55 form of an address, cached.</summary>
    public string Checksum(string address)
    {
        if (_checksums.TryGetValue(address, out var known)) return known;
        if (_checksums.Count >= MaxChecksums) _checksums.Clear();
        return _checksums[address] = ChainKeys.Checksum(address);
    }

    internal int CachedChecksums => _checksums.Count;

    // ABI words of a view function's answer (hex without 0x).

    public static string WordAt(string data, int index) =>
        data.Length >= 64 * (index + 1) ? data.Substring(64 * index, 64) : throw new FormatException("A contract answer is shorter than its type.");

    public static string AddressAt(string data, int index) => "0x" + WordAt(data, index)[24..];

    public static BigInteger UIntAt(string data, int index) =>
        BigInteger.Parse("0" + WordAt(data, index), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>A dynamic string whose offset is in word <paramref name="index"/>.</summary>
    public static string StringAt(string data, int index)
    {
        var offset = (int)UIntAt(data, index) * 2;
        var length = (int)UIntAt(data[offset..], 0);
        if (data.Length < offset + 64 + length * 2) throw new FormatException("A contract answer is shorter than its string.");
        return System.Text.Encoding.UTF8.GetString(Convert.FromHexString(data.AsSpan(offset + 64, length * 2)));
    }
}
