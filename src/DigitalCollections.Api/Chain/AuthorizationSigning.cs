using Nethereum.ABI.EIP712;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace DigitalCollections.Api.Chain;

/// <summary>The EIP-712 domain of the deployed collection, as clients must sign against it.</summary>
public sealed record SigningDomain(string Name, string Version, long ChainId, string VerifyingContract);

/// <summary>EIP-712 hashing, signing and signer recovery for the contract's two authorisation types.</summary>
public static class AuthorizationSigning
{
    private static readonly Eip712TypedDataSigner Signer = new();

    public static byte[] Digest(MintAuthorization message, SigningDomain domain) => AuthorizationEncoding.Digest(message, domain);

    public static byte[] Digest(TransferAuthorization message, SigningDomain domain) => AuthorizationEncoding.Digest(message, domain);

    /// <summary>The digest of a message with fields wider than the API's records (uint256 deadlines).</summary>
    public static byte[] Digest(MintAuthorizationAbi message, SigningDomain domain) => AuthorizationEncoding.Digest(message, domain);

    /// <inheritdoc cref="Digest(MintAuthorizationAbi, SigningDomain)"/>
    public static byte[] Digest(TransferAuthorizationAbi message, SigningDomain domain) => AuthorizationEncoding.Digest(message, domain);

    /// <summary>Nethereum's generic EIP-712 encoder: the reference the hand-written digests are tested against.</summary>
    internal static byte[] NethereumDigest(MintAuthorizationAbi message, SigningDomain domain) =>
        Sha3Keccack.Current.CalculateHash(Signer.EncodeTypedData(message, TypedData<MintAuthorizationAbi>(domain)));

    /// <inheritdoc cref="NethereumDigest(MintAuthorizationAbi, SigningDomain)"/>
    internal static byte[] NethereumDigest(TransferAuthorizationAbi message, SigningDomain domain) =>
        Sha3Keccack.Current.CalculateHash(Signer.EncodeTypedData(message, TypedData<TransferAuthorizationAbi>(domain)));

    public static string Sign(MintAuthorization message, SigningDomain domain, byte[] privateKey) =>
        Formats.ToHex(Secp256k1.SignDigest(privateKey, Digest(message, domain)));

    public static string Sign(TransferAuthorization message, SigningDomain domain, byte[] privateKey) =>
        Formats.ToHex(Secp256k1.SignDigest(privateKey, Digest(message, domain)));

    /// <summary>A signature over a message with fields wider than the API's records.</summary>
    public static string Sign(MintAuthorizationAbi message, SigningDomain domain, byte[] privateKey) =>
        Formats.ToHex(Secp256k1.SignDigest(privateKey, Digest(message, domain)));

    /// <inheritdoc cref="Sign(MintAuthorizationAbi, SigningDomain, byte[])"/>
    public static string Sign(TransferAuthorizationAbi message, SigningDomain domain, byte[] privateKey) =>
        Formats.ToHex(Secp256k1.SignDigest(privateKey, Digest(message, domain)));

    /// <summary>Nethereum's EIP-712 signer: the reference <see cref="Sign(MintAuthorization, SigningDomain, byte[])"/> is tested against.</summary>
    internal static string NethereumSign(MintAuthorizationAbi message, SigningDomain domain, byte[] privateKey) =>
        Signer.SignTypedDataV4(message, TypedData<MintAuthorizationAbi>(domain), new EthECKey(privateKey, true));

    /// <summary>
    /// The EOA that made <paramref name="signature"/>, or null when it is not a 65-byte ECDSA signature
    /// the contract could accept (v must be 27 or 28, as OpenZeppelin's ECDSA requires).
    /// </summary>
    public static string? RecoverSigner(byte[] digest, string signature)
    {
        if (!Formats.IsHexBytes(signature) || signature.Length != 2 + 65 * 2) return null;
        var v = Convert.ToByte(signature[^2..], 16);
        if (v is not (27 or 28)) return null;
        // libsecp256k1's recovery (NBitcoin.Secp256k1): the same answers as Nethereum's RecoverFromSignatureHashV4,
        // null for r or s out of range, and a fraction of its cost on the write path's hot loop.
        return Secp256k1.RecoverAddress(digest, Formats.FromHex(signature));
    }

    private static TypedData<Domain> TypedData<TMessage>(SigningDomain domain) => new()
    {
        Domain = new Domain
        {
            Name = domain.Name,
            Version = domain.Version,
            ChainId = domain.ChainId,
            VerifyingContract = domain.VerifyingContract,
        },
        Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(TMessage)),
        PrimaryType = Nethereum.ABI.FunctionEncoding.Attributes.StructAttribute.GetAttribute(typeof(TMessage))?.Name ?? typeof(TMessage).Name,
    };
}

/// <summary>Key pairs for custodial accounts.</summary>
public static class ChainKeys
{
    public static (string Address, byte[] PrivateKey) Generate()
    {
        var key = EthECKey.GenerateKey();
        return (key.GetPublicAddress(), key.GetPrivateKeyAsBytes());
    }

    public static string AddressOf(byte[] privateKey) => new EthECKey(privateKey, true).GetPublicAddress();

    public static string Checksum(string address) => AddressUtil.Current.ConvertToChecksumAddress(address);
}
