using Nethereum.Util;

namespace DigitalCollections.Api.Chain;

/// <summary>A block's 2048-bit logs bloom (Ethereum yellow paper, 4.3.1): may a log of this address be in the block?</summary>
public static class Bloom
{
    /// <summary>False when the block certainly has no log of <paramref name="item"/>; true when it may (or the bloom is unreadable).</summary>
    public static bool MayContain(string bloomHex, byte[] item)
    {
        if (!Formats.IsHexBytes(bloomHex)) return true;
        var bloom = Formats.FromHex(bloomHex);
        if (bloom.Length != 256) return true;
        var hash = Sha3Keccack.Current.CalculateHash(item);
        for (var i = 0; i < 6; i += 2)
        {
            // Three 11-bit indexes from the first six bytes of the hash, counted from the bloom's last bit.
            var bit = ((hash[i] << 8) | hash[i + 1]) & 2047;
            if ((bloom[255 - (bit >> 3)] & (1 << (bit & 7))) == 0) return false;
        }
        return true;
    }
}
