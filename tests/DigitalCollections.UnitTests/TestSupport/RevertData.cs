using Nethereum.ABI;
using Nethereum.Util;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>Builds revert data the way the EVM returns it: 4-byte selector of the error signature + ABI-encoded arguments.</summary>
internal static class RevertData
{
    public static string Selector(string signature) => "0x" + Sha3Keccack.Current.CalculateHash(signature)[..8];

    public static string For(string signature, params ABIValue[] args)
    {
        var encoded = args.Length == 0 ? [] : new ABIEncode().GetABIEncoded(args);
        return Selector(signature) + Convert.ToHexStringLower(encoded);
    }
}
