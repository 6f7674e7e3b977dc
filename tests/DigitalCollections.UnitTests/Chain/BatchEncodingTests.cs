using System.Numerics;
using DigitalCollections.Api.Chain;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>The batch calls a lane joins from its writes' single calls are byte for byte what Nethereum encodes.</summary>
public class BatchEncodingTests
{
    public static IEnumerable<object[]> Sizes() => new[] { 1, 2, 3, 32 }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MintWorks_call_data_is_Nethereums(int size)
    {
        var random = new Random(size);
        var auths = Enumerable.Range(0, size).Select(_ => new MintAuthorizationAbi
        {
            Creator = Address(random), To = Address(random), ContentHash = Bytes(random, 32),
            RoyaltyBps = random.Next(0, 10_000), Deadline = new BigInteger(random.NextInt64()),
        }).ToList();
        // Signatures of every length a wallet may use: empty, short, a 65-byte ECDSA one, a long ERC-1271 one.
        var signatures = Enumerable.Range(0, size).Select(i => Bytes(random, new[] { 65, 0, 33, 130 }[i % 4])).ToList();
        var singles = auths.Select((a, i) => AuthorizationEncoding.EncodeMintWork(a, signatures[i]).ToHex(true)).ToList();

        var expected = new MintWorksFunction { Auths = auths, Signatures = signatures }.GetCallData().ToHex(true);
        Assert.Equal(expected, BatchEncoding.MintWorksCallData(singles));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TransferWithAuthorizations_call_data_is_Nethereums(int size)
    {
        var random = new Random(100 + size);
        var auths = Enumerable.Range(0, size).Select(_ => new TransferAuthorizationAbi
        {
            From = Address(random), To = Address(random), TokenId = random.Next(), Nonce = random.Next(100), Deadline = new BigInteger(random.NextInt64()),
        }).ToList();
        var signatures = Enumerable.Range(0, size).Select(i => Bytes(random, new[] { 65, 64, 1, 97 }[i % 4])).ToList();
        var singles = auths.Select((a, i) => AuthorizationEncoding.EncodeTransferWithAuthorization(a, signatures[i]).ToHex(true)).ToList();

        var expected = new TransferWithAuthorizationsFunction { Auths = auths, Signatures = signatures }.GetCallData().ToHex(true);
        Assert.Equal(expected, BatchEncoding.TransferWithAuthorizationsCallData(singles));
    }

    [Fact]
    public void An_empty_batch_or_a_call_that_is_not_a_single_authorisation_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BatchEncoding.MintWorksCallData([]));
        Assert.Throws<ArgumentException>(() => BatchEncoding.MintWorksCallData(["0x12345678"]));
    }

    private static string Address(Random random) => Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(Bytes(random, 20).ToHex(true));

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
