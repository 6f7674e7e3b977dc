using System.Buffers.Binary;
using DigitalCollections.Api.Iscc;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// A work's ISCC codes and the 64-bit codes it takes part in similarity with. Kept in the outbox row with the
/// mint (so a mint that confirms after a restart still writes them) and then in the work's row. An image's
/// <see cref="Regions"/> and <see cref="Variants"/> are empty for other works; <see cref="Variants"/> is null in
/// an outbox row written before variants were kept (that work then gets them from the backfill).
/// </summary>
public sealed record WorkCodes(
    string Iscc,
    string? Meta,
    string? Content,
    string Data,
    string Instance,
    string? ContentKind,
    string? ContentReason,
    SimilarityCodeKind? CompareKind,
    ulong[] Regions,
    ulong[]? Variants = null)
{
    public const string ImageKind = "image";
    public const string TextKind = "text";

    /// <summary>The code the work is compared by: its Content-Code when that takes part, else its Data-Code.</summary>
    public SimilarityCodeKind Kind => CompareKind ?? SimilarityCodeKind.Data;

    /// <summary>The 64 bits the work is compared by (<see cref="Kind"/>).</summary>
    public ulong Bits => Leading64(Kind == SimilarityCodeKind.Data ? Data : Content!);

    public IsccView View() => new(Iscc, Meta, Content, Data, Instance, ContentKind, ContentReason);

    /// <summary>The first 64 bits of a unit's body, the form the index keeps.</summary>
    public static ulong Leading64(string unitCode) => BinaryPrimitives.ReadUInt64BigEndian(IsccUnit.Parse(unitCode).Body);

    /// <summary>Several 64-bit codes (regions, variants) as the store keeps them: 8 bytes each, big-endian; null for none.</summary>
    public static byte[]? PackCodes(ulong[]? codes)
    {
        if (codes is null || codes.Length == 0) return null;
        var bytes = new byte[codes.Length * 8];
        for (var i = 0; i < codes.Length; i++) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), codes[i]);
        return bytes;
    }

    /// <summary>
    /// The variants as the work row keeps them: null unless the work is compared by its Image-Code (and null when the
    /// outbox row predates variants, so the backfill fills them in); empty bytes when every crop was flat.
    /// </summary>
    public byte[]? PackVariants() => Kind != SimilarityCodeKind.Image || Variants is null ? null : PackCodes(Variants) ?? [];

    public static ulong[] UnpackCodes(byte[]? bytes)
    {
        if (bytes is null) return [];
        var codes = new ulong[bytes.Length / 8];
        for (var i = 0; i < codes.Length; i++) codes[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
        return codes;
    }
}
