using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Indexing;
using Nethereum.Util;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>The circulation-rule and metadata events the index records, decoded from eth_getLogs answers.</summary>
public sealed class RuleEventDecodingTests
{
    private static readonly Deployment Deployment = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, "0xgenesis", []);

    private static string Topic(string signature) => "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(signature)));

    private static string Word(long n) => n.ToString("x64");

    private static object Log(long index, string[] topics, string data) => new
    {
        address = Deployment.ContractAddress, topics, data, blockNumber = "0x10", blockHash = "0x" + new string('b', 64),
        logIndex = "0x" + index.ToString("x"), transactionHash = "0x" + new string('c', 64),
    };

    [Fact]
    public void The_topics_are_the_contracts_event_signatures_and_locked_and_metadata_changed_are_not_asked_for()
    {
        Assert.Equal(Topic("TokenFrozen(uint256,uint32)"), ChainDecoder.TokenFrozenTopic);
        Assert.Equal(Topic("TokenUnfrozen(uint256)"), ChainDecoder.TokenUnfrozenTopic);
        Assert.Equal(Topic("MinimumHoldChanged(uint64)"), ChainDecoder.MinimumHoldChangedTopic);
        Assert.Equal(Topic("MetadataUpdate(uint256)"), ChainDecoder.MetadataUpdateTopic);
        Assert.Equal(Topic("BatchMetadataUpdate(uint256,uint256)"), ChainDecoder.BatchMetadataUpdateTopic);
        Assert.DoesNotContain(Topic("Locked(uint256)"), ChainDecoder.IndexedTopics);
        Assert.DoesNotContain(Topic("MetadataChanged(uint256,address,bytes32)"), ChainDecoder.IndexedTopics);
        Assert.Equal(8, ChainDecoder.IndexedTopics.Distinct().Count());
    }

    [Fact]
    public void Freezes_unfreezes_minimum_holds_and_metadata_updates_decode_with_their_token_and_value()
    {
        var answer = JsonSerializer.SerializeToElement(new[]
        {
            Log(5, [ChainDecoder.BatchMetadataUpdateTopic], "0x" + Word(10) + Word(109)),
            Log(0, [ChainDecoder.TokenFrozenTopic, "0x" + Word(42)], "0x" + Word(7)),
            Log(1, [Topic("Locked(uint256)")], "0x" + Word(42)), // not an event the index reads
            Log(2, [ChainDecoder.TokenUnfrozenTopic, "0x" + Word(42)], "0x"),
            Log(3, [ChainDecoder.MinimumHoldChangedTopic], "0x" + new string('f', 64)),
            Log(4, [ChainDecoder.MetadataUpdateTopic], "0x" + Word(9)),
        });

        var logs = new ChainDecoder(Deployment).Logs(answer);

        Assert.Equal([0L, 2, 3, 4, 5], logs.Select(l => l.LogIndex));
        Assert.Equal(
            [(ContractLogKind.TokenFrozen, 42L, 7L), (ContractLogKind.TokenUnfrozen, 42, 0), (ContractLogKind.MinimumHoldChanged, 0, long.MaxValue),
             (ContractLogKind.MetadataUpdate, 9, 9), (ContractLogKind.MetadataUpdate, 10, 109)],
            logs.Select(l => (l.Kind, l.TokenId, l.Value)));
        Assert.Equal([RuleChangeKinds.Frozen, RuleChangeKinds.Unfrozen, RuleChangeKinds.MinimumHold, RuleChangeKinds.MetadataUpdate, RuleChangeKinds.MetadataUpdate],
            logs.Select(l => RuleChangeKinds.Of(l.Kind)));
        Assert.Null(RuleChangeKinds.Of(ContractLogKind.Transfer));
    }
}
