using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using Nethereum.Util;

namespace DigitalCollections.Api.Chain;

/// <summary>One bit range of a storage word, counted from the least significant bit.</summary>
public sealed record StorageField(string Name, string Type, int OffsetBits, int Bits);

/// <summary>A mapping of the contract that holds one of a work's facts, keyed by token id or content hash.</summary>
public sealed record StorageEntry(string Name, string Variable, int BaseSlot, string Key, string KeyType, IReadOnlyList<StorageField> Fields);

/// <summary>
/// Where a work's facts live in the contract's storage, read from <c>contracts/DigitalCollection.storage.json</c>
/// (embedded). That one file is what the proof bundle publishes and what the contract tests check against the
/// compiler's layout, so the API cannot derive a slot the contract does not use without a test failing.
/// </summary>
public static class WorkStorageLayout
{
    public const string Token = "token";
    public const string ContentHash = "contentHash";
    public const string Registration = "registration";

    public const string EditionToken = "editionToken";
    public const string Group = "group";
    public const string Edition = "edition";
    public const string EditionFacts = "editionFacts";
    public const string Freeze = "freeze";

    /// <summary>Ids per group word of <c>_groups</c> (the group of a token is <c>tokenId &gt;&gt; 6</c>).</summary>
    public const int GroupShift = 6;

    /// <summary>The words of a unique work's bundle (format 1): the file's <c>entries</c>.</summary>
    public static IReadOnlyList<StorageEntry> Entries { get; } = Load("entries");

    /// <summary>The words of editions and circulation rules: the file's <c>editionEntries</c>.</summary>
    public static IReadOnlyList<StorageEntry> EditionEntries { get; } = Load("editionEntries");

    /// <summary>
    /// The words of an edition token's bundle, in order: each entry's name, the expression its mapping key is
    /// (<c>tokenId</c>, <c>tokenId &gt;&gt; 6</c>, <c>firstTokenId</c>, <c>contentHash.contentHash</c>) and whether it may be
    /// empty: the file's <c>editionProof.words</c>.
    /// </summary>
    public static IReadOnlyList<(string Name, string MappingKey, bool MayBeZero)> EditionProofWords { get; } = LoadEditionProofWords();

    /// <summary>An entry of either list by name (the names are distinct across both).</summary>
    public static StorageEntry Entry(string name) => Entries.Concat(EditionEntries).First(e => e.Name == name);

    /// <summary>
    /// The first token of the edition whose range may hold <paramref name="tokenId"/>, from the word of its group:
    /// the highest edition start at or below the token's position in the group, else the group's cover (0: none).
    /// The contract's <c>_editionStartOf</c>, as the layout file's <c>editionProof.facts.firstTokenId</c> states it.
    /// </summary>
    public static long FirstTokenOf(BigInteger group, long tokenId)
    {
        var position = (int)(tokenId & 63);
        var heads = Field(Entry(Group), "heads", group) & ((BigInteger.One << (position + 1)) - 1);
        return heads.IsZero ? (long)Field(Entry(Group), "cover", group) : (tokenId & ~63L) | (long)(heads.GetBitLength() - 1);
    }

    /// <summary>keccak256(pad32(key) ++ pad32(baseSlot)): Solidity's slot of a mapping entry, as 0x-hex.</summary>
    public static string SlotOf(StorageEntry entry, ReadOnlySpan<byte> key32)
    {
        var preimage = new byte[64];
        key32.CopyTo(preimage.AsSpan(32 - key32.Length));
        BinaryPrimitives.WriteInt64BigEndian(preimage.AsSpan(56), entry.BaseSlot);
        return Formats.ToHex(Sha3Keccack.Current.CalculateHash(preimage));
    }

    /// <summary>A token id as the 32-byte big-endian key of a uint256 mapping.</summary>
    public static byte[] TokenKey(long tokenId)
    {
        var key = new byte[32];
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(24), tokenId);
        return key;
    }

    /// <summary>A field of a word as its unsigned value.</summary>
    public static BigInteger Field(StorageEntry entry, string field, BigInteger word)
    {
        var f = entry.Fields.First(x => x.Name == field);
        return (word >> f.OffsetBits) & ((BigInteger.One << f.Bits) - 1);
    }

    private static JsonDocument Document()
    {
        using var stream = typeof(WorkStorageLayout).Assembly.GetManifestResourceStream("DigitalCollection.storage.json")
            ?? throw new InvalidOperationException("The storage layout resource is missing from the build.");
        return JsonDocument.Parse(stream);
    }

    private static IReadOnlyList<(string, string, bool)> LoadEditionProofWords()
    {
        using var document = Document();
        return document.RootElement.GetProperty("editionProof").GetProperty("words").EnumerateArray()
            .Select(w => (w.GetProperty("name").GetString()!, w.GetProperty("mappingKey").GetString()!, w.GetProperty("mayBeZero").GetBoolean()))
            .ToList();
    }

    private static IReadOnlyList<StorageEntry> Load(string list)
    {
        using var document = Document();
        return document.RootElement.GetProperty(list).EnumerateArray().Select(e => new StorageEntry(
            e.GetProperty("name").GetString()!, e.GetProperty("variable").GetString()!, e.GetProperty("baseSlot").GetInt32(),
            e.GetProperty("key").GetString()!, e.GetProperty("keyType").GetString()!,
            e.GetProperty("fields").EnumerateArray().Select(f => new StorageField(f.GetProperty("name").GetString()!,
                f.GetProperty("type").GetString()!, f.GetProperty("offsetBits").GetInt32(), f.GetProperty("bits").GetInt32())).ToList()))
            .ToList();
    }
}
