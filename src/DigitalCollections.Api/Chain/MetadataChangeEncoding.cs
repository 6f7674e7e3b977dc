namespace DigitalCollections.Api.Chain;

/// <summary>A creator's announcement of a work's new metadata, as the contract's MetadataChange struct.</summary>
/// <param name="TokenId">Any token of the work (the contract applies it to the work's first token).</param>
/// <param name="MetadataHash">32 bytes, 0x hex: the digest of the new metadata document (docs/design.md says which).</param>
/// <param name="Nonce">The work's metadataNonce when signed: single-use.</param>
/// <param name="Deadline">Last chain timestamp (Unix seconds) at which it may be relayed.</param>
public sealed record MetadataChangeMessage(long TokenId, string MetadataHash, long Nonce, long Deadline);

/// <summary>
/// EIP-712 digest and ABI call data of announceMetadataChange, by hand like <see cref="AuthorizationEncoding"/>
/// (whose word writers and domain it shares): a static four-word struct, then the signature bytes.
/// </summary>
public static class MetadataChangeEncoding
{
    public const string MetadataChangeType = "MetadataChange(uint256 tokenId,bytes32 metadataHash,uint256 nonce,uint256 deadline)";

    private static readonly byte[] TypeHash = AuthorizationEncoding.Keccak(System.Text.Encoding.UTF8.GetBytes(MetadataChangeType));
    private static readonly byte[] AnnounceSelector = AuthorizationEncoding.Selector("announceMetadataChange((uint256,bytes32,uint256,uint256),bytes)");
    private static readonly byte[] MetadataNonceSelector = AuthorizationEncoding.Selector("metadataNonce(uint256)");

    /// <summary>The digest the creator signs.</summary>
    public static byte[] Digest(MetadataChangeMessage change, SigningDomain domain)
    {
        var words = new byte[5 * 32];
        TypeHash.CopyTo(words, 0);
        WriteFields(change, words.AsSpan(32));
        return AuthorizationEncoding.TypedDataDigest(domain, AuthorizationEncoding.Keccak(words));
    }

    /// <summary>A signature of <paramref name="change"/> by <paramref name="privateKey"/>, 0x hex (custodial accounts, tests).</summary>
    public static string Sign(MetadataChangeMessage change, SigningDomain domain, byte[] privateKey) =>
        Formats.ToHex(Secp256k1.SignDigest(privateKey, Digest(change, domain)));

    /// <summary>announceMetadataChange(change, signature) call data, 0x hex.</summary>
    public static string AnnounceCallData(MetadataChangeMessage change, string signature)
    {
        var sig = Formats.FromHex(signature);
        var head = new byte[5 * 32];
        WriteFields(change, head);
        AuthorizationEncoding.WriteUint(head.Length, head.AsSpan(4 * 32, 32));
        var tail = new byte[32 + (sig.Length + 31) / 32 * 32];
        AuthorizationEncoding.WriteUint(sig.Length, tail.AsSpan(0, 32));
        sig.CopyTo(tail, 32);
        return Formats.ToHex([.. AnnounceSelector, .. head, .. tail]);
    }

    /// <summary>metadataNonce(tokenId) call data, 0x hex.</summary>
    public static string MetadataNonceCallData(long tokenId)
    {
        var data = new byte[4 + 32];
        MetadataNonceSelector.CopyTo(data, 0);
        AuthorizationEncoding.WriteUint(tokenId, data.AsSpan(4, 32));
        return Formats.ToHex(data);
    }

    private static void WriteFields(MetadataChangeMessage change, Span<byte> words)
    {
        AuthorizationEncoding.WriteUint(change.TokenId, words[..32]);
        var hash = Formats.FromHex(change.MetadataHash);
        if (hash.Length != 32) throw new ArgumentException("A metadata hash is 32 bytes.", nameof(change));
        hash.CopyTo(words.Slice(32, 32));
        AuthorizationEncoding.WriteUint(change.Nonce, words.Slice(64, 32));
        AuthorizationEncoding.WriteUint(change.Deadline, words.Slice(96, 32));
    }
}
