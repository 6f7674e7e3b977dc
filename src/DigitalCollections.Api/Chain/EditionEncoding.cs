using System.Numerics;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// EIP-712 digests and ABI call data of the contract's edition messages, by hand like
/// <see cref="AuthorizationEncoding"/> (whose word writers and domain it shares): one ABI codec for the API.
/// </summary>
public static class EditionEncoding
{
    public const string EditionType =
        "EditionAuthorization(address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint32 editionSize,uint64 holdSeconds,bool transferable,uint256 deadline)";
    public const string RecipientsType = "EditionRecipients(bytes32 contentHash,uint32 firstNumber,address[] recipients)";

    private const string AuthTuple = "(address,address,bytes32,uint96,uint32,uint64,bool,uint256)";
    private const int AuthWords = 8;

    private static readonly byte[] EditionTypeHash = AuthorizationEncoding.Keccak(System.Text.Encoding.UTF8.GetBytes(EditionType));
    private static readonly byte[] RecipientsTypeHash = AuthorizationEncoding.Keccak(System.Text.Encoding.UTF8.GetBytes(RecipientsType));
    private static readonly byte[] MintEditionSelector = AuthorizationEncoding.Selector($"mintEdition({AuthTuple},bytes,uint32)");
    private static readonly byte[] MintEditionToSelector = AuthorizationEncoding.Selector($"mintEditionTo({AuthTuple},bytes,address[],bytes)");

    /// <summary>The digest the creator signs for an edition.</summary>
    public static byte[] Digest(EditionAuthorization e, SigningDomain domain)
    {
        var words = new byte[(1 + AuthWords) * 32];
        EditionTypeHash.CopyTo(words, 0);
        WriteAuth(e, words.AsSpan(32));
        return AuthorizationEncoding.TypedDataDigest(domain, AuthorizationEncoding.Keccak(words));
    }

    /// <summary>The digest the creator signs for the owners of the next numbers (EIP-712: an array is the hash of its words).</summary>
    public static byte[] Digest(EditionRecipients r, SigningDomain domain)
    {
        var addresses = new byte[r.Recipients.Count * 32];
        for (var i = 0; i < r.Recipients.Count; i++) AuthorizationEncoding.WriteAddress(r.Recipients[i], addresses.AsSpan(i * 32, 32));
        var words = new byte[4 * 32];
        RecipientsTypeHash.CopyTo(words, 0);
        Hash32(r.ContentHash).CopyTo(words, 32);
        AuthorizationEncoding.WriteUint(r.FirstNumber, words.AsSpan(64, 32), bits: 32);
        AuthorizationEncoding.Keccak(addresses).CopyTo(words, 96);
        return AuthorizationEncoding.TypedDataDigest(domain, AuthorizationEncoding.Keccak(words));
    }

    /// <summary>mintEdition(auth, signature, count) call data, 0x hex.</summary>
    public static string MintEditionCallData(EditionAuthorization e, string signature, int count)
    {
        var sig = Formats.FromHex(signature);
        var head = new byte[(AuthWords + 2) * 32];
        WriteAuth(e, head);
        AuthorizationEncoding.WriteUint(head.Length, head.AsSpan(AuthWords * 32, 32));
        AuthorizationEncoding.WriteUint(count, head.AsSpan((AuthWords + 1) * 32, 32), bits: 32);
        return Formats.ToHex([.. MintEditionSelector, .. head, .. Bytes(sig)]);
    }

    /// <summary>mintEditionTo(auth, signature, recipients, recipientsSignature) call data, 0x hex.</summary>
    public static string MintEditionToCallData(EditionAuthorization e, string signature, IReadOnlyList<string> recipients, string recipientsSignature)
    {
        var sig = Bytes(Formats.FromHex(signature));
        var list = new byte[(1 + recipients.Count) * 32];
        AuthorizationEncoding.WriteUint(recipients.Count, list.AsSpan(0, 32));
        for (var i = 0; i < recipients.Count; i++) AuthorizationEncoding.WriteAddress(recipients[i], list.AsSpan((i + 1) * 32, 32));
        var recipientsSig = Bytes(Formats.FromHex(recipientsSignature));
        var head = new byte[(AuthWords + 3) * 32];
        WriteAuth(e, head);
        AuthorizationEncoding.WriteUint(head.Length, head.AsSpan(AuthWords * 32, 32));
        AuthorizationEncoding.WriteUint(head.Length + sig.Length, head.AsSpan((AuthWords + 1) * 32, 32));
        AuthorizationEncoding.WriteUint(head.Length + sig.Length + list.Length, head.AsSpan((AuthWords + 2) * 32, 32));
        return Formats.ToHex([.. MintEditionToSelector, .. head, .. sig, .. list, .. recipientsSig]);
    }

    /// <summary>
    /// The authorisation and its signature back from a mintEdition or mintEditionTo call's data: an edition's
    /// later chunks are the same signed call with the next count (or recipients).
    /// </summary>
    public static (EditionAuthorization Edition, string Signature) ReadAuthorization(string callData)
    {
        var data = Formats.FromHex(callData)[4..];
        BigInteger Uint(int word) => new(data.AsSpan(word * 32, 32), isUnsigned: true, isBigEndian: true);
        string Address(int word) => ChainKeys.Checksum(Formats.ToHex(data.AsSpan(word * 32 + 12, 20)));
        var edition = new EditionAuthorization
        {
            Creator = Address(0),
            To = Address(1),
            ContentHash = Formats.ToHex(data.AsSpan(64, 32)),
            RoyaltyBps = (int)Uint(3),
            EditionSize = (int)Uint(4),
            HoldSeconds = (long)Uint(5),
            Transferable = !Uint(6).IsZero,
            Deadline = (long)Uint(7),
        };
        var offset = (int)Uint(AuthWords);
        var length = (int)new BigInteger(data.AsSpan(offset, 32), isUnsigned: true, isBigEndian: true);
        return (edition, Formats.ToHex(data.AsSpan(offset + 32, length)));
    }

    private static void WriteAuth(EditionAuthorization e, Span<byte> words)
    {
        AuthorizationEncoding.WriteAddress(e.Creator, words[..32]);
        AuthorizationEncoding.WriteAddress(e.To, words.Slice(32, 32));
        Hash32(e.ContentHash).CopyTo(words.Slice(64, 32));
        AuthorizationEncoding.WriteUint(e.RoyaltyBps, words.Slice(96, 32), bits: 96);
        AuthorizationEncoding.WriteUint(e.EditionSize, words.Slice(128, 32), bits: 32);
        AuthorizationEncoding.WriteUint(e.HoldSeconds, words.Slice(160, 32), bits: 64);
        AuthorizationEncoding.WriteUint(e.Transferable ? BigInteger.One : BigInteger.Zero, words.Slice(192, 32));
        AuthorizationEncoding.WriteUint(e.Deadline, words.Slice(224, 32));
    }

    private static byte[] Hash32(string hex)
    {
        var bytes = Formats.FromHex(hex);
        return bytes.Length == 32 ? bytes : throw new ArgumentException("A content hash is 32 bytes.", nameof(hex));
    }

    /// <summary>A dynamic bytes value's tail: its length, then the bytes padded to a word.</summary>
    private static byte[] Bytes(byte[] value)
    {
        var tail = new byte[32 + (value.Length + 31) / 32 * 32];
        AuthorizationEncoding.WriteUint(value.Length, tail.AsSpan(0, 32));
        value.CopyTo(tail, 32);
        return tail;
    }
}
