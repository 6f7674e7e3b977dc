using System.Numerics;
using DigitalCollections.Api.Chain;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>
/// The write path signs and recovers with native libsecp256k1 (NBitcoin.Secp256k1's C# port where it cannot
/// load) instead of Nethereum's BouncyCastle code, for speed. These tests hold both implementations to
/// Nethereum's bytes: every transaction and every recovered signer must be exactly what Nethereum produces.
/// </summary>
public class Secp256k1Tests
{
    private const string Contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    public static IEnumerable<object[]> Curves() => [["native"], ["managed"]];

    public static IEnumerable<object[]> Seeds() =>
        from curve in new[] { "native", "managed" } from seed in Enumerable.Range(1, 8) select new object[] { curve, seed };

    private static Secp256k1.Curve Curve(string name) => name == "native" ? new Secp256k1.NativeCurve() : Secp256k1.Curve.Managed;

    [Fact]
    public void The_native_library_loads_on_this_platform_and_is_the_default()
    {
        Assert.IsType<Secp256k1.NativeCurve>(Secp256k1.Default);
        Assert.Equal("libsecp256k1 (native)", Secp256k1.Implementation);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Typed_data_signatures_are_Nethereums_and_recover_to_the_signer(string curve)
    {
        var random = new Random(42);
        for (var i = 0; i < 25; i++)
        {
            var key = EthECKey.GenerateKey();
            var digest = new byte[32];
            random.NextBytes(digest);
            var expected = key.SignAndCalculateV(digest);
            var signature = Secp256k1.SignDigest(Curve(curve), key.GetPrivateKeyAsBytes(), digest);
            Assert.Equal(expected.R.ToHex().PadLeft(64, '0') + expected.S.ToHex().PadLeft(64, '0') + expected.V.ToHex(), signature.ToHex());
            Assert.Equal(key.GetPublicAddress(), Secp256k1.RecoverAddress(Curve(curve), digest, signature));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Signed_legacy_transactions_are_byte_for_byte_Nethereums(string curve, int seed)
    {
        var random = new Random(seed);
        var nethereum = new LegacyTransactionSigner();
        for (var i = 0; i < 25; i++)
        {
            var privateKey = EthECKey.GenerateKey().GetPrivateKeyAsBytes();
            long chainId = random.Next(4) switch { 0 => 1, 1 => 31337, 2 => 11155111, _ => random.Next(1, int.MaxValue) };
            long nonce = random.Next(3) == 0 ? 0 : random.NextInt64(0, 1L << 40);
            var gasPrice = random.Next(4) == 0 ? BigInteger.Zero : new BigInteger(random.NextInt64(1, long.MaxValue)) * random.Next(1, 1000);
            long gasLimit = random.NextInt64(21_000, 30_000_000);
            var value = random.Next(2) == 0 ? BigInteger.Zero : new BigInteger(random.NextInt64(1, long.MaxValue));
            var data = new byte[random.Next(3) == 0 ? 0 : random.Next(1, 700)];
            random.NextBytes(data);

            var expected = nethereum.SignTransaction(privateKey, chainId, Contract, value, nonce, gasPrice, gasLimit, data.ToHex(true));
            var (raw, hash) = Secp256k1.SignLegacyTransaction(Curve(curve), Secp256k1.ParsePrivateKey(privateKey), chainId, nonce, gasPrice,
                gasLimit, Contract, value, data);

            Assert.Equal(expected.EnsureHexPrefix(), raw.ToHex(true));
            Assert.Equal(Nethereum.Util.Sha3Keccack.Current.CalculateHash(expected.HexToByteArray()).ToHex(true), hash.ToHex(true));
        }
    }

    [Fact]
    public void A_signed_transaction_recovers_to_its_relayer()
    {
        var key = EthECKey.GenerateKey();
        var (raw, _) = Secp256k1.SignLegacyTransaction(Secp256k1.ParsePrivateKey(key.GetPrivateKeyAsBytes()), 31337, 7,
            1_000_000_000, 300_000, Contract, BigInteger.Zero, [1, 2, 3]);
        Assert.Equal(key.GetPublicAddress(), TransactionVerificationAndRecovery.GetSenderAddress(raw.ToHex(true)),
            StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Recovered_signers_are_Nethereums(string curve, int seed)
    {
        var random = new Random(seed);
        var eip712 = new Eip712TypedDataSigner();
        for (var i = 0; i < 25; i++)
        {
            var key = EthECKey.GenerateKey();
            var digest = new byte[32];
            random.NextBytes(digest);
            var signature = key.SignAndCalculateV(digest);
            var hex = "0x" + signature.R.ToHex().PadLeft(64, '0') + signature.S.ToHex().PadLeft(64, '0') + signature.V.ToHex();
            var bytes = hex.HexToByteArray();

            Assert.Equal(key.GetPublicAddress(), Secp256k1.RecoverAddress(Curve(curve), digest, bytes));
            Assert.Equal(eip712.RecoverFromSignatureHashV4(digest, hex), Secp256k1.RecoverAddress(Curve(curve), digest, bytes));

            // The other v, a flipped bit in r, s or the digest: whatever Nethereum recovers (or refuses), so do we.
            var variants = new List<(byte[] Digest, byte[] Signature)>();
            var otherV = (byte[])bytes.Clone();
            otherV[64] = (byte)(otherV[64] == 27 ? 28 : 27);
            variants.Add((digest, otherV));
            var badR = (byte[])bytes.Clone();
            badR[random.Next(32)] ^= (byte)(1 << random.Next(8));
            variants.Add((digest, badR));
            var badS = (byte[])bytes.Clone();
            badS[32 + random.Next(32)] ^= (byte)(1 << random.Next(8));
            variants.Add((digest, badS));
            var otherDigest = (byte[])digest.Clone();
            otherDigest[random.Next(32)] ^= 1;
            variants.Add((otherDigest, bytes));
            foreach (var (d, s) in variants)
                Assert.Equal(NethereumRecoverOrNull(eip712, d, s), Secp256k1.RecoverAddress(Curve(curve), d, s));
        }
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Zero_or_out_of_range_r_and_s_recover_nothing(string curve)
    {
        var digest = new byte[32];
        digest[0] = 1;
        var order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"; // secp256k1's n
        var one = new string('0', 63) + "1";
        foreach (var (r, s) in new[] { (new string('0', 64), one), (one, new string('0', 64)), (order, one), (one, order), (new string('f', 64), one) })
        {
            Assert.Null(Secp256k1.RecoverAddress(Curve(curve), digest, (r + s + "1b").HexToByteArray()));
            Assert.Null(Secp256k1.RecoverAddress(Curve(curve), digest, (r + s + "1c").HexToByteArray()));
        }
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Only_27_and_28_are_accepted_as_v(string curve)
    {
        var key = EthECKey.GenerateKey();
        var digest = new byte[32];
        var signature = key.SignAndCalculateV(digest);
        var bytes = ("0x" + signature.R.ToHex().PadLeft(64, '0') + signature.S.ToHex().PadLeft(64, '0') + signature.V.ToHex()).HexToByteArray();
        foreach (var v in new byte[] { 0, 1, 26, 29, 35, 36, 255 })
        {
            bytes[64] = v;
            Assert.Null(Secp256k1.RecoverAddress(Curve(curve), digest, bytes));
        }
    }

    private static string? NethereumRecoverOrNull(Eip712TypedDataSigner signer, byte[] digest, byte[] signature)
    {
        try
        {
            return signer.RecoverFromSignatureHashV4(digest, signature.ToHex(true));
        }
        catch (Exception)
        {
            return null;
        }
    }
}
