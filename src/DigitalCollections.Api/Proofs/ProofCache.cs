using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Proofs;

/// <summary>
/// Bundles already built, by block number and token. A hit is served only while the node still has the bundle's
/// block hash at that number (the caller checks), so a reorganised or reset chain never gets an old bundle.
/// </summary>
public sealed class ProofCache(IOptions<ProofOptions> options) : IDisposable
{
    private readonly MemoryCache? _cache = options.Value.CacheEntries > 0
        ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CacheEntries })
        : null;

    public WorkProofBundle? Find(long block, long tokenId) =>
        _cache is not null && _cache.TryGetValue((block, tokenId), out WorkProofBundle? bundle) ? bundle : null;

    public void Keep(WorkProofBundle bundle) =>
        _cache?.Set((bundle.Block.Number, bundle.TokenId), bundle, new MemoryCacheEntryOptions { Size = 1 });

    public void Forget(long block, long tokenId) => _cache?.Remove((block, tokenId));

    public void Dispose() => _cache?.Dispose();
}
