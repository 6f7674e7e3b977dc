using System.Numerics;
using DigitalCollections.Api.Chain;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>
/// The write path hashes, signs and ABI-encodes the two authorisations by hand instead of through Nethereum's
/// reflection-based encoders. These tests hold the hand-written code to Nethereum's bytes for random inputs,
/// including the edges of every field (the ethers vectors in <see cref="Eip712VectorTests"/> cover the rest).
/// </summary>
public class AuthorizationEncodingTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 6).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mint_digest_and_call_data_are_Nethereums(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 20; i++)
        {
            var domain = RandomDomain(random);
            var mint = new MintAuthorizationAbi
            {
                Creator = RandomAddress(random),
                To = RandomAddress(random),
                ContentHash = RandomBytes(random, 32),
                RoyaltyBps = RandomUint(random, 96),
                Deadline = RandomUint(random, 256),
            };
            var signature = RandomBytes(random, SignatureLength(random, i));

            Assert.Equal(AuthorizationSigning.NethereumDigest(mint, domain).ToHex(), AuthorizationEncoding.Digest(mint, domain).ToHex());
            var expected = new MintWorkFunction { Auth = mint, Signature = signature }.GetCallData().ToHex();
            Assert.Equal(expected, AuthorizationEncoding.EncodeMintWork(mint, signature).ToHex());
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Transfer_digest_and_call_data_are_Nethereums(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 20; i++)
        {
            var domain = RandomDomain(random);
            var transfer = new TransferAuthorizationAbi
            {
                From = RandomAddress(random),
                To = RandomAddress(random),
                TokenId = RandomUint(random, 256),
                Nonce = RandomUint(random, 256),
                Deadline = RandomUint(random, 256),
            };
            var signature = RandomBytes(random, SignatureLength(random, i));

            Assert.Equal(AuthorizationSigning.NethereumDigest(transfer, domain).ToHex(), AuthorizationEncoding.Digest(transfer, domain).ToHex());
            var expected = new TransferWithAuthorizationFunction { Auth = transfer, Signature = signature }.GetCallData().ToHex();
            Assert.Equal(expected, AuthorizationEncoding.EncodeTransferWithAuthorization(transfer, signature).ToHex());
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Custodial_signatures_are_Nethereums_and_recover_to_the_key(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5; i++)
        {
            var key = EthECKey.GenerateKey();
            var domain = RandomDomain(random);
            var mint = new MintAuthorizationAbi
            {
                Creator = key.GetPublicAddress(), To = RandomAddress(random), ContentHash = RandomBytes(random, 32),
                RoyaltyBps = random.Next(0, 1001), Deadline = random.NextInt64(1, long.MaxValue),
            };
            var signature = AuthorizationSigning.Sign(mint, domain, key.GetPrivateKeyAsBytes());

            Assert.Equal(AuthorizationSigning.NethereumSign(mint, domain, key.GetPrivateKeyAsBytes()), signature);
            Assert.Equal(key.GetPublicAddress(), AuthorizationSigning.RecoverSigner(AuthorizationSigning.Digest(mint, domain), signature));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_api_records_hash_sign_and_encode_as_their_abi_tuples(int seed)
    {
        var random = new Random(seed);
        var domain = RandomDomain(random);
        var key = EthECKey.GenerateKey();
        var mint = new MintAuthorization
        {
            Creator = RandomAddress(random), To = RandomAddress(random), ContentHash = RandomBytes(random, 32).ToHex(true),
            RoyaltyBps = random.Next(0, 1001), Deadline = random.NextInt64(0, long.MaxValue),
        };
        var transfer = new TransferAuthorization
        {
            From = RandomAddress(random), To = RandomAddress(random), TokenId = random.NextInt64(0, long.MaxValue),
            Nonce = random.NextInt64(0, long.MaxValue), Deadline = random.NextInt64(0, long.MaxValue),
        };
        var signature = RandomBytes(random, 65);

        Assert.Equal(AuthorizationSigning.NethereumDigest(MintAuthorizationAbi.Of(mint), domain).ToHex(), AuthorizationSigning.Digest(mint, domain).ToHex());
        Assert.Equal(AuthorizationSigning.NethereumDigest(TransferAuthorizationAbi.Of(transfer), domain).ToHex(), AuthorizationSigning.Digest(transfer, domain).ToHex());
        Assert.Equal(AuthorizationSigning.NethereumSign(MintAuthorizationAbi.Of(mint), domain, key.GetPrivateKeyAsBytes()),
            AuthorizationSigning.Sign(mint, domain, key.GetPrivateKeyAsBytes()));
        Assert.Equal(new MintWorkFunction { Auth = MintAuthorizationAbi.Of(mint), Signature = signature }.GetCallData().ToHex(true),
            AuthorizationEncoding.MintCallData(mint, signature.ToHex(true)));
        Assert.Equal(new TransferWithAuthorizationFunction { Auth = TransferAuthorizationAbi.Of(transfer), Signature = signature }.GetCallData().ToHex(true),
            AuthorizationEncoding.TransferCallData(transfer, signature.ToHex(true)));
    }

    [Fact]
    public void A_change_of_domain_changes_the_digest()
    {
        var mint = new MintAuthorizationAbi
        {
            Creator = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", To = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            ContentHash = new byte[32], RoyaltyBps = 250, Deadline = 1_900_000_000,
        };
        var domain = new SigningDomain("DigitalCollections", "1", 31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        var first = AuthorizationEncoding.Digest(mint, domain).ToHex();
        // The separator is cached per domain: the next domain must not reuse it.
        Assert.NotEqual(first, AuthorizationEncoding.Digest(mint, domain with { ChainId = 1 }).ToHex());
        Assert.NotEqual(first, AuthorizationEncoding.Digest(mint, domain with { VerifyingContract = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" }).ToHex());
        Assert.Equal(first, AuthorizationEncoding.Digest(mint, domain).ToHex());
    }

    [Fact]
    public void Values_that_do_not_fit_their_fields_are_refused()
    {
        var mint = new MintAuthorizationAbi
        {
            Creator = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", To = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            ContentHash = new byte[32], RoyaltyBps = BigInteger.One << 96, Deadline = 1,
        };
        var domain = new SigningDomain("DigitalCollections", "1", 31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        Assert.Throws<ArgumentOutOfRangeException>(() => AuthorizationEncoding.Digest(mint, domain));
        mint.RoyaltyBps = -1;
        Assert.Throws<ArgumentOutOfRangeException>(() => AuthorizationEncoding.EncodeMintWork(mint, new byte[65]));
        mint.RoyaltyBps = 0;
        mint.ContentHash = new byte[31];
        Assert.Throws<ArgumentException>(() => AuthorizationEncoding.Digest(mint, domain));
        mint.ContentHash = new byte[32];
        mint.To = "0x1234";
        Assert.Throws<ArgumentException>(() => AuthorizationEncoding.Digest(mint, domain));
    }

    private static int SignatureLength(Random random, int i) => i switch { 0 => 0, 1 => 32, 2 => 70, _ => 65 };

    private static SigningDomain RandomDomain(Random random) => new(
        random.Next(2) == 0 ? "DigitalCollections" : "Name " + random.Next() + " ✓",
        random.Next(1, 10).ToString(),
        random.Next(3) switch { 0 => 31337, 1 => 1, _ => random.NextInt64(1, long.MaxValue) },
        RandomAddress(random));

    private static string RandomAddress(Random random) => Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(RandomBytes(random, 20).ToHex(true));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Zero, one, the largest value, or a random width up to <paramref name="bits"/>.</summary>
    private static BigInteger RandomUint(Random random, int bits) => random.Next(5) switch
    {
        0 => BigInteger.Zero,
        1 => BigInteger.One,
        2 => (BigInteger.One << bits) - 1,
        _ => new BigInteger(RandomBytes(random, random.Next(1, bits / 8 + 1)), isUnsigned: true),
    };
}
