using System.Numerics;
using Hmac = System.Security.Cryptography.HMACSHA256;
using NBitcoin.Secp256k1;
using Nethereum.RLP;
using Nethereum.Util;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// secp256k1 on the write path: signing the relayers' transactions and recovering a creator's or owner's
/// EIP-712 signer. bitcoin-core's libsecp256k1 (the Secp256k1.Net package's prebuilt native library) does the
/// work: about 30 µs per signature and 45 µs per recovery here, against 260–350 and 300 µs for NBitcoin's C#
/// port, which stays as the fallback where the native library cannot load. Both give Nethereum's bytes
/// exactly (RFC 6979 nonces, low s; the unit tests compare all three). Nethereum's own BouncyCastle signer
/// costs about 4 ms and 6 MB of garbage per transaction.
/// </summary>
public static class Secp256k1
{
    /// <summary>The implementation in use: native libsecp256k1 when it loads, else NBitcoin's port.</summary>
    internal static Curve Default { get; } = Curve.NativeOrManaged();

    /// <summary>"libsecp256k1 (native)" or "NBitcoin.Secp256k1 (managed)", for the start-up log.</summary>
    public static string Implementation => Default.Name;

    /// <summary>A relayer's key, parsed once. Throws when the bytes are not a valid secp256k1 private key.</summary>
    public static SigningKey ParsePrivateKey(ReadOnlySpan<byte> privateKey) =>
        privateKey.Length == 32 && ECPrivKey.TryCreate(privateKey, out var key)
            ? new SigningKey(privateKey.ToArray(), key)
            : throw new ArgumentException("Not a secp256k1 private key.", nameof(privateKey));

    /// <summary>
    /// A legacy (type 0) transaction with EIP-155 replay protection, signed: the raw bytes
    /// rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s]) and their Keccak-256 hash (the transaction hash).
    /// </summary>
    public static (byte[] Raw, byte[] Hash) SignLegacyTransaction(SigningKey key, long chainId, long nonce, BigInteger gasPrice,
        long gasLimit, string to, BigInteger value, ReadOnlySpan<byte> data) =>
        SignLegacyTransaction(Default, key, chainId, nonce, gasPrice, gasLimit, to, value, data);

    internal static (byte[] Raw, byte[] Hash) SignLegacyTransaction(Curve curve, SigningKey key, long chainId, long nonce,
        BigInteger gasPrice, long gasLimit, string to, BigInteger value, ReadOnlySpan<byte> data)
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

        Span<byte> compact = stackalloc byte[64];
        var recoveryId = curve.Sign(key, digest, compact);
        var v = chainId * 2 + 35 + recoveryId;

        var raw = RLP.EncodeList([.. fields,
            RLP.EncodeElement(Integer(v)),
            RLP.EncodeElement(WithoutLeadingZeros(compact[..32])),
            RLP.EncodeElement(WithoutLeadingZeros(compact[32..]))]);
        return (raw, Sha3Keccack.Current.CalculateHash(raw));
    }

    /// <summary>An Ethereum signature r‖s‖v (v = 27 or 28) over a 32-byte digest, as eth_signTypedData_v4 returns it.</summary>
    public static byte[] SignDigest(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest) =>
        SignDigest(Default, privateKey, digest);

    internal static byte[] SignDigest(Curve curve, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32) throw new ArgumentException("A digest is 32 bytes.", nameof(digest));
        var key = ParsePrivateKey(privateKey);
        var result = new byte[65];
        result[64] = (byte)(27 + curve.Sign(key, digest, result.AsSpan(0, 64)));
        return result;
    }

    /// <summary>
    /// The checksummed address whose key made <paramref name="signature"/> (65 bytes r‖s‖v, v = 27 or 28) over
    /// <paramref name="digest"/>, or null when r or s is zero or not below the curve order, or no key matches.
    /// </summary>
    public static string? RecoverAddress(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) =>
        RecoverAddress(Default, digest, signature);

    internal static string? RecoverAddress(Curve curve, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (digest.Length != 32 || signature.Length != 65 || signature[64] is not (27 or 28)) return null;
        Span<byte> uncompressed = stackalloc byte[65];
        if (!curve.TryRecover(digest, signature[..64], signature[64] - 27, uncompressed)) return null;
        var hash = Sha3Keccack.Current.CalculateHash(uncompressed[1..].ToArray());
        return ChainKeys.Checksum(Formats.ToHex(hash.AsSpan(12)));
    }

    /// <summary>One implementation of the two operations the write path needs.</summary>
    internal abstract class Curve
    {
        public abstract string Name { get; }

        /// <summary>Signs a 32-byte digest into r‖s (64 bytes, low s, RFC 6979 nonce); returns the recovery id.</summary>
        public abstract int Sign(SigningKey key, ReadOnlySpan<byte> digest, Span<byte> compact64);

        /// <summary>The uncompressed public key (65 bytes, 0x04‖x‖y) that signed, or false.</summary>
        public abstract bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> compact64, int recoveryId, Span<byte> uncompressed65);

        public static readonly Curve Managed = new ManagedCurve();

        /// <summary>Native when the library loads and signs a known digest exactly as the managed code does.</summary>
        public static Curve NativeOrManaged()
        {
            try
            {
                var native = new NativeCurve();
                var key = ParsePrivateKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
                var digest = new byte[32];
                digest[31] = 1;
                Span<byte> a = stackalloc byte[64], b = stackalloc byte[64];
                return native.Sign(key, digest, a) == Managed.Sign(key, digest, b) && a.SequenceEqual(b) ? native : Managed;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException)
            {
                return Managed;
            }
        }
    }

    /// <summary>libsecp256k1 through Secp256k1.Net, one context per thread (a context's error callback is its own).</summary>
    internal sealed class NativeCurve : Curve
    {
        [ThreadStatic] private static Secp256k1Net.Secp256k1? _context;

        private static Secp256k1Net.Secp256k1 Context => _context ??= new Secp256k1Net.Secp256k1();

        public override string Name => "libsecp256k1 (native)";

        public override int Sign(SigningKey key, ReadOnlySpan<byte> digest, Span<byte> compact64)
        {
            var context = Context;
            Span<byte> signature = stackalloc byte[65]; // the library's opaque recoverable signature
            // Its default nonce function is RFC 6979 without extra data, as Nethereum's.
            if (!context.EcdsaSignRecoverable(signature, digest, key.Bytes))
                throw new InvalidOperationException("secp256k1 signing failed.");
            context.EcdsaRecoverableSignatureSerializeCompact(compact64, out var recoveryId, signature);
            return recoveryId;
        }

        public override bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> compact64, int recoveryId, Span<byte> uncompressed65)
        {
            var context = Context;
            Span<byte> signature = stackalloc byte[65];
            Span<byte> publicKey = stackalloc byte[64];
            if (!context.EcdsaRecoverableSignatureParseCompact(signature, compact64, recoveryId)
                || !context.EcdsaRecover(publicKey, signature, digest))
                return false;
            nuint length = 65;
            return context.EcPubkeySerialize(uncompressed65, ref length, publicKey, Secp256k1Net.Secp256k1EcFlags.Uncompressed) && length == 65;
        }
    }

    /// <summary>NBitcoin.Secp256k1, a C# port of libsecp256k1.</summary>
    internal sealed class ManagedCurve : Curve
    {
        public override string Name => "NBitcoin.Secp256k1 (managed)";

        public override int Sign(SigningKey key, ReadOnlySpan<byte> digest, Span<byte> compact64)
        {
            if (!key.Managed.TrySignRecoverable(digest, Rfc6979.Instance, out var signature) || signature is null)
                throw new InvalidOperationException("secp256k1 signing failed.");
            signature.WriteToSpanCompact(compact64, out var recoveryId);
            return recoveryId;
        }

        public override bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> compact64, int recoveryId, Span<byte> uncompressed65)
        {
            if (!SecpRecoverableECDSASignature.TryCreateFromCompact(compact64, recoveryId, out var parsed)
                || !ECPubKey.TryRecover(NBitcoin.Secp256k1.Context.Instance, parsed, digest, out var publicKey))
                return false;
            publicKey.WriteToSpan(false, uncompressed65, out var length);
            return length == 65;
        }
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

/// <summary>A secp256k1 private key, checked once. Its bytes never leave the signing code.</summary>
public sealed class SigningKey
{
    internal SigningKey(byte[] bytes, ECPrivKey managed)
    {
        Bytes = bytes;
        Managed = managed;
    }

    internal byte[] Bytes { get; }
    internal ECPrivKey Managed { get; }

    public override string ToString() => "SigningKey(hidden)";
}
