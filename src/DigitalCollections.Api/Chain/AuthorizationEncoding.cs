using System.Numerics;
using Nethereum.Util;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// EIP-712 hashing and ABI call data for the contract's two authorisation types, written out by hand. Both
/// types are fixed, all-static structs, so each is a handful of 32-byte words. Nethereum's generic encoders
/// reach every field by reflection, and under load .NET keeps re-emitting their reflection stubs, which
/// cost more CPU per mint than everything else in the request; the unit tests compare both encodings with
/// Nethereum's and with ethers' vectors byte for byte.
/// </summary>
public static class AuthorizationEncoding
{
    private const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
    public const string MintType = "MintAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint256 deadline)";
    public const string TransferType = "TransferAuthorization(address from,address to,uint256 tokenId,uint256 nonce,uint256 deadline)";

    private static readonly byte[] DomainTypeHash = Keccak(System.Text.Encoding.UTF8.GetBytes(DomainType));
    private static readonly byte[] MintTypeHash = Keccak(System.Text.Encoding.UTF8.GetBytes(MintType));
    private static readonly byte[] TransferTypeHash = Keccak(System.Text.Encoding.UTF8.GetBytes(TransferType));

    private static readonly byte[] MintWorkSelector = Selector("mintWork((address,address,bytes32,uint96,uint256),bytes)");
    private static readonly byte[] TransferWithAuthorizationSelector =
        Selector("transferWithAuthorization((address,address,uint256,uint256,uint256),bytes)");

    /// <summary>One object, swapped whole: a reader never pairs one domain with another's separator.</summary>
    private sealed record CachedSeparator(SigningDomain Domain, byte[] Separator);
    private static CachedSeparator? _lastDomain;

    public static byte[] Digest(MintAuthorization m, SigningDomain domain) => Digest(MintAuthorizationAbi.Of(m), domain);

    public static byte[] Digest(TransferAuthorization t, SigningDomain domain) => Digest(TransferAuthorizationAbi.Of(t), domain);

    public static byte[] Digest(MintAuthorizationAbi m, SigningDomain domain)
    {
        var words = new byte[6 * 32];
        MintTypeHash.CopyTo(words, 0);
        WriteMintFields(m, words.AsSpan(32));
        return TypedDataDigest(domain, Keccak(words));
    }

    public static byte[] Digest(TransferAuthorizationAbi t, SigningDomain domain)
    {
        var words = new byte[6 * 32];
        TransferTypeHash.CopyTo(words, 0);
        WriteTransferFields(t, words.AsSpan(32));
        return TypedDataDigest(domain, Keccak(words));
    }

    /// <summary>mintWork(auth, signature): selector, the auth tuple inline (static), then the signature bytes.</summary>
    public static byte[] EncodeMintWork(MintAuthorizationAbi m, ReadOnlySpan<byte> signature) =>
        Call(MintWorkSelector, signature, head => WriteMintFields(m, head));

    /// <summary>transferWithAuthorization(auth, signature), laid out like <see cref="EncodeMintWork"/>.</summary>
    public static byte[] EncodeTransferWithAuthorization(TransferAuthorizationAbi t, ReadOnlySpan<byte> signature) =>
        Call(TransferWithAuthorizationSelector, signature, head => WriteTransferFields(t, head));

    /// <summary>mintWork call data (0x hex) for a creator's authorisation and its signature (0x hex).</summary>
    public static string MintCallData(MintAuthorization m, string signature) => Formats.ToHex(EncodeMintWork(MintAuthorizationAbi.Of(m), Formats.FromHex(signature)));

    /// <summary>transferWithAuthorization call data (0x hex), like <see cref="MintCallData"/>.</summary>
    public static string TransferCallData(TransferAuthorization t, string signature) =>
        Formats.ToHex(EncodeTransferWithAuthorization(TransferAuthorizationAbi.Of(t), Formats.FromHex(signature)));

    /// <summary>The EIP-712 domain separator (cached: one collection, one domain).</summary>
    public static byte[] DomainSeparator(SigningDomain domain)
    {
        if (Volatile.Read(ref _lastDomain) is { } last && last.Domain == domain) return last.Separator;
        var words = new byte[5 * 32];
        DomainTypeHash.CopyTo(words, 0);
        Keccak(System.Text.Encoding.UTF8.GetBytes(domain.Name)).CopyTo(words, 32);
        Keccak(System.Text.Encoding.UTF8.GetBytes(domain.Version)).CopyTo(words, 64);
        WriteUint(domain.ChainId, words.AsSpan(96, 32));
        WriteAddress(domain.VerifyingContract, words.AsSpan(128, 32));
        var separator = Keccak(words);
        Volatile.Write(ref _lastDomain, new CachedSeparator(domain, separator));
        return separator;
    }

    internal static byte[] TypedDataDigest(SigningDomain domain, byte[] structHash)
    {
        var payload = new byte[2 + 32 + 32];
        payload[0] = 0x19;
        payload[1] = 0x01;
        DomainSeparator(domain).CopyTo(payload, 2);
        structHash.CopyTo(payload, 34);
        return Keccak(payload);
    }

    private static void WriteMintFields(MintAuthorizationAbi m, Span<byte> words)
    {
        WriteAddress(m.Creator, words[..32]);
        WriteAddress(m.To, words.Slice(32, 32));
        if (m.ContentHash.Length != 32) throw new ArgumentException("contentHash must be 32 bytes.", nameof(m));
        m.ContentHash.CopyTo(words.Slice(64, 32));
        WriteUint(m.RoyaltyBps, words.Slice(96, 32), bits: 96);
        WriteUint(m.Deadline, words.Slice(128, 32));
    }

    private static void WriteTransferFields(TransferAuthorizationAbi t, Span<byte> words)
    {
        WriteAddress(t.From, words[..32]);
        WriteAddress(t.To, words.Slice(32, 32));
        WriteUint(t.TokenId, words.Slice(64, 32));
        WriteUint(t.Nonce, words.Slice(96, 32));
        WriteUint(t.Deadline, words.Slice(128, 32));
    }

    private delegate void HeadWriter(Span<byte> head);

    /// <summary>selector ‖ 5-word static tuple ‖ offset of the bytes (6 words) ‖ length ‖ bytes padded to a word.</summary>
    private static byte[] Call(byte[] selector, ReadOnlySpan<byte> signature, HeadWriter writeTuple)
    {
        var padded = (signature.Length + 31) / 32 * 32;
        var data = new byte[4 + 6 * 32 + 32 + padded];
        selector.CopyTo(data, 0);
        var body = data.AsSpan(4);
        writeTuple(body[..(5 * 32)]);
        WriteUint(6 * 32, body.Slice(5 * 32, 32));
        WriteUint(signature.Length, body.Slice(6 * 32, 32));
        signature.CopyTo(body[(7 * 32)..]);
        return data;
    }

    internal static void WriteAddress(string address, Span<byte> word)
    {
        var bytes = Formats.FromHex(address);
        if (bytes.Length != 20) throw new ArgumentException($"Not a 20-byte address: '{address}'.", nameof(address));
        word[..12].Clear();
        bytes.CopyTo(word[12..]);
    }

    internal static void WriteUint(BigInteger value, Span<byte> word, int bits = 256)
    {
        if (value.Sign < 0 || value.GetBitLength() > bits) throw new ArgumentOutOfRangeException(nameof(value), $"Does not fit a uint{bits}.");
        word.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        if (length > 0) value.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    internal static byte[] Selector(string signature) => Keccak(System.Text.Encoding.UTF8.GetBytes(signature))[..4];

    internal static byte[] Keccak(byte[] data) => Sha3Keccack.Current.CalculateHash(data);
}
