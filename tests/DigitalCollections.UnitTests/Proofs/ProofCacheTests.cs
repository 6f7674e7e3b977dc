using DigitalCollections.Api.Proofs;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Proofs;

public sealed class ProofCacheTests
{
    [Fact]
    public void The_cache_keeps_bundles_by_block_and_token_and_none_when_off()
    {
        var bundle = new WorkProofBundle("f", 31337, "0xc", 5, new ProofBlock(9, "0xb9", new Dictionary<string, string>()),
            new ProofAccount("0xc", "0x0", "0x0", "0xs", "0xh", []), [], new WorkProofClaims("0xo", "0xc", "0xh", 1, 0, 0));
        using var cache = new ProofCache(Options.Create(new ProofOptions()));
        cache.Keep(bundle);
        Assert.Same(bundle, cache.Find(9, 5));
        Assert.Null(cache.Find(9, 6));
        Assert.Null(cache.Find(10, 5));
        cache.Forget(9, 5);
        Assert.Null(cache.Find(9, 5));
        using var off = new ProofCache(Options.Create(new ProofOptions { CacheEntries = 0 }));
        off.Keep(bundle);
        Assert.Null(off.Find(9, 5));
    }
}
