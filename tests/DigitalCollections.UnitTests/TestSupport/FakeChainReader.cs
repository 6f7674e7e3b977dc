using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>
/// An <see cref="IChainReader"/> for tests: a test overrides what it expects to be asked; anything else
/// fails the test. Every call is recorded by name in <see cref="Reads"/>.
/// </summary>
internal class FakeChainReader : IChainReader
{
    public ConcurrentQueue<string> Reads { get; } = new();

    public int CallsOf(string method) => Reads.Count(r => r == method);

    public virtual Task<ChainStatus> GetStatusAsync(CancellationToken ct) => Unexpected<ChainStatus>();
    public virtual Task<bool> HasCodeAsync(string address, CancellationToken ct) => Unexpected<bool>();
    public virtual Task<long> GetBlockNumberAsync(CancellationToken ct) => Unexpected<long>();
    public virtual Task<BlockHeader> GetLatestBlockHeaderAsync(CancellationToken ct) => Unexpected<BlockHeader>();
    public virtual Task<DateTimeOffset> GetBlockTimeAsync(string blockHash, long blockNumber, CancellationToken ct) => Unexpected<DateTimeOffset>();
    public virtual Task<IReadOnlyList<BlockHeader>> GetBlockHeadersAsync(IReadOnlyCollection<long> numbers, CancellationToken ct) =>
        Unexpected<IReadOnlyList<BlockHeader>>();
    public virtual Task<(IReadOnlyList<BlockHeader> Headers, long Head)> GetBlockHeadersAndHeadAsync(IReadOnlyCollection<long> numbers, CancellationToken ct) =>
        Unexpected<(IReadOnlyList<BlockHeader>, long)>();
    public virtual Task<IReadOnlyList<ContractLog>> GetContractLogsAsync(long fromBlock, long toBlock, CancellationToken ct) =>
        Unexpected<IReadOnlyList<ContractLog>>();
    public virtual Task<(IReadOnlyList<ContractLog> Logs, IReadOnlyList<BlockHeader> Headers)> GetContractLogsWithHeadersAsync(
        long fromBlock, long toBlock, CancellationToken ct) => Unexpected<(IReadOnlyList<ContractLog>, IReadOnlyList<BlockHeader>)>();
    public virtual Task<IReadOnlyList<OwnershipEvent>> GetOwnershipEventsAsync(long tokenId, CancellationToken ct) =>
        Unexpected<IReadOnlyList<OwnershipEvent>>();
    public virtual Task<bool> IsKnownTransactionAsync(string transactionHash, CancellationToken ct) => Unexpected<bool>();
    public virtual Task<MinedTransaction?> GetMinedTransactionAsync(string transactionHash, CancellationToken ct) => Unexpected<MinedTransaction?>();
    public virtual Task<BatchLogs?> GetBatchLogsAsync(string transactionHash, CancellationToken ct) => Unexpected<BatchLogs?>();

    /// <summary>Records the call and answers <paramref name="value"/>.</summary>
    protected Task<T> Answer<T>(T value, [CallerMemberName] string method = "")
    {
        Reads.Enqueue(method);
        return Task.FromResult(value);
    }

    /// <summary>Records the call and fails it with <paramref name="error"/>.</summary>
    protected Task<T> Fail<T>(Exception error, [CallerMemberName] string method = "")
    {
        Reads.Enqueue(method);
        return Task.FromException<T>(error);
    }

    private static Task<T> Unexpected<T>([CallerMemberName] string method = "") =>
        throw new NotSupportedException($"{method} is not expected in this test.");
}
