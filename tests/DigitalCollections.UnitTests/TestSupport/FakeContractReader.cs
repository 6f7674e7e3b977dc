using DigitalCollections.Api.Chain;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>An <see cref="IContractReader"/> for tests: a test overrides what it expects; anything else fails it.</summary>
internal class FakeContractReader : IContractReader
{
    public virtual Task<SigningDomain> GetSigningDomainAsync(CancellationToken ct) => Unexpected<SigningDomain>(nameof(GetSigningDomainAsync));
    public virtual Task<long> TokenOfContentAsync(string contentHash, CancellationToken ct) => Unexpected<long>(nameof(TokenOfContentAsync));
    public virtual Task<OnChainWork?> GetWorkAsync(long tokenId, CancellationToken ct) => Unexpected<OnChainWork?>(nameof(GetWorkAsync));
    public virtual Task<TokenCirculation?> GetCirculationAsync(long tokenId, CancellationToken ct) => Unexpected<TokenCirculation?>(nameof(GetCirculationAsync));
    public virtual Task<string> GetTokenUriAsync(long tokenId, CancellationToken ct) => Unexpected<string>(nameof(GetTokenUriAsync));
    public virtual Task<long> EstimateGasAsync(string from, string callData, CancellationToken ct) => Unexpected<long>(nameof(EstimateGasAsync));
    public virtual Task<ContractError?> ExplainRevertAsync(string from, string callData, CancellationToken ct) =>
        Unexpected<ContractError?>(nameof(ExplainRevertAsync));

    private static Task<T> Unexpected<T>(string method) => throw new NotSupportedException($"{method} is not expected in this test.");
}
