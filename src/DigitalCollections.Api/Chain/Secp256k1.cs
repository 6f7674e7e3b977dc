using System.Numerics;
using Hmac = System.Security.Cryptography.HMACSHA256;
using NBitcoin.Secp256k1;
using Nethereum.RLP;
using Nethereum.Util;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// secp256k1 on the write path — signing the relayers' transactions and recovering a creator's or owner's
/// EIP-712 signer — with NBitcoin.Secp256k1, a C# port of libsecp256k1. Its signatures are Nethereum's byte
/// for byte (RFC 6979 nonces, low s; the unit tests compare the two), at a fraction of the cost: Nethereum's
/// BouncyCastle signer does generic big-integer field arithmetic and finds v by trial recoveries, about 4 ms
/// and 6 MB of garbage per transaction, and 1.7 ms and 2.4 MB per recovery; here it is about 0.6 ms and
/// 0.5 ms with next to no allocation.
/// </summary>
public static class Secp256k1
{
    /// <summary>A relayer's key, parsed once. Throws when the bytes are not a valid secp256k1 private key.</summary>
    public static ECPrivKey ParsePrivateKey(ReadOnlySpan<byte> privateKey) =>
        privateKey.Length == 32 && ECPrivKey.TryCreate(privateKey, out var key)
            ? key
            : throw new ArgumentException("Not a secp256k1 private key.", nameof(privateKey));

    /// <summary>
    /// A legacy (type 0) transaction with EIP-155 replay protection, signed: the raw bytes
    /// rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s]) and their Keccak-256 hash (the transaction hash).
    /// </summary>
    public static (byte[] Raw, byte[] Hash) SignLegacyTransaction(ECPrivKey key, long chainId, long nonce, BigInteger gasPrice,
        long gasLimit, string to, BigInteger value, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        ArgumentOutOfRangeException.ThrowIfNegative(nonce);
        ArgumentOutOfRangeException.ThrowIfNegative(gasLimit);
        if (gasPrice.Sign < 0) throw new ArgumentOutOfRangeException(nameof(gasPrice));
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value));
        var toBytes = Formats.FromHex(to);
        if (toBytes.Length != 20) throw new ArgumentException("Not a 20-byte address.", nameof(to));

        var fields = new byte[][]
        {
            RLP.EncodeElement(Integer(nonce)),
            RLP.EncodeElement(Integer(gasPrice)),
            RLP.EncodeElement(Integer(gasLimit)),
            RLP.EncodeElement(toBytes),
            RLP.EncodeElement(Integer(value)),
            RLP.EncodeElement(data.ToArray()),
        };
        // EIP-155: the signed payload ends with (chainId, 0, 0).
        var unsigned = RLP.EncodeList([.. fields, RLP.EncodeElement(Integer(chainId)), RLP.EncodeElement([]), RLP.EncodeElement([])]);
        var digest = Sha3Keccack.Current.CalculateHash(unsigned);

        if (!key.TrySignRecoverable(digest, Rfc6979.Instance, out var signature) || signature is null)
            throw new InvalidOperationException("secp256k1 signing failed.");
        Span<byte> compact = stackalloc byte[64];
        signature.WriteToSpanCompact(compact, out var recoveryId);
        var v = chainId * 2 + 35 + recoveryId;

        var raw = RLP.EncodeList([.. fields,
            RLP.EncodeElement(Integer(v)),
            RLP.EncodeElement(WithoutLeadingZeros(compact[..32])),
            RLP.EncodeElement(WithoutLeadingZeros(compact[32..]))]);
        return (raw, Sha3Keccack.Current.CalculateHash(raw));
    }

    /// <summary>An Ethereum signature r‖s‖v (v = 27 or 28) over a 32-byte digest, as eth_signTypedData_v4 returns it.</summary>
    public static byte[] SignDigest(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32) throw new ArgumentException("A digest is 32 bytes.", nameof(digest));
        using var key = ParsePrivateKey(privateKey);
        if (!key.TrySignRecoverable(digest, Rfc6979.Instance, out var signature) || signature is null)
            throw new InvalidOperationException("secp256k1 signing failed.");
        var result = new byte[65];
        signature.WriteToSpanCompact(result.AsSpan(0, 64), out var recoveryId);
        result[64] = (byte)(27 + recoveryId);
        return result;
    }

    /// <summary>
    /// The checksummed address whose key made <paramref name="signature"/> (65 bytes r‖s‖v, v = 27 or 28) over
    /// <paramref name="digest"/>, or null when r or s is zero or not below the curve order, or no key matches.
    /// </summary>
    public static string? RecoverAddress(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (digest.Length != 32 || signature.Length != 65 || signature[64] is not (27 or 28)) return null;
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature[..64], signature[64] - 27, out var parsed)
            || !ECPubKey.TryRecover(Context.Instance, parsed, digest, out var publicKey))
            return null;
        Span<byte> uncompressed = stackalloc byte[65];
        publicKey.WriteToSpan(false, uncompressed, out _);
        var hash = Sha3Keccack.Current.CalculateHash(uncompressed[1..].ToArray());
        return ChainKeys.Checksum(Formats.ToHex(hash.AsSpan(12)));
    }

    /// <summary>
    /// RFC 6979 deterministic nonces (HMAC-SHA256 over key ‖ message, as libsecp256k1 feeds them), computed with
    /// the one-shot <see cref="System.Security.Cryptography.HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>.
    /// NBitcoin's own nonce function gives the same nonces but leaks a handful of undisposed native SHA-256
    /// contexts per signature (its HMAC re-creates them on every Initialize), which the finalizer thread then
    /// has to release: measurable CPU at a few hundred signatures a second.
    /// </summary>
    private sealed class Rfc6979 : INonceFunction
    {
        public static readonly Rfc6979 Instance = new();

        public bool TryGetNonce(Span<byte> nonce32, ReadOnlySpan<byte> msg32, ReadOnlySpan<byte> key32, ReadOnlySpan<byte> algo16, uint counter)
        {
            if (key32.Length != 32 || msg32.Length != 32 || nonce32.Length < 32 || algo16.Length != 0) return false;
            Span<byte> k = stackalloc byte[32];
            Span<byte> v = stackalloc byte[32];
            Span<byte> input = stackalloc byte[32 + 1 + 64];
            k.Clear();                                                   // RFC 6979 3.2 c
            v.Fill(1);                                                   // 3.2 b
            v.CopyTo(input);
            key32.CopyTo(input[33..]);
            msg32.CopyTo(input[65..]);
            input[32] = 0;
            Hmac.HashData(k, input, k);                           // 3.2 d: K = HMAC_K(V ‖ 0x00 ‖ key ‖ msg)
            Hmac.HashData(k, v, v);                               // 3.2 e
            v.CopyTo(input);
            input[32] = 1;
            Hmac.HashData(k, input, k);                           // 3.2 f: K = HMAC_K(V ‖ 0x01 ‖ key ‖ msg)
            Hmac.HashData(k, v, v);                               // 3.2 g
            input.Clear();
            for (var i = 0u; i <= counter; i++)
            {
                if (i > 0)
                {
                    // 3.2 h.3, a candidate was refused: K = HMAC_K(V ‖ 0x00), V = HMAC_K(V)
                    v.CopyTo(input);
                    input[32] = 0;
                    Hmac.HashData(k, input[..33], k);
                    Hmac.HashData(k, v, v);
                }
                Hmac.HashData(k, v, v);                           // 3.2 h.2
            }
            v.CopyTo(nonce32);
            k.Clear();
            v.Clear();
            return true;
        }
    }

    /// <summary>Big-endian without leading zeros (zero is empty), as RLP encodes integers.</summary>
    private static byte[] Integer(BigInteger value) =>
        value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);

    private static byte[] WithoutLeadingZeros(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length && bytes[i] == 0) i++;
        return bytes[i..].ToArray();
    }
}
