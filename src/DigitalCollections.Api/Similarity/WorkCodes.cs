using System.Buffers.Binary;
using DigitalCollections.Api.Iscc;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// A work's ISCC codes and the 64-bit codes it takes part in similarity with. Kept in the outbox row with the
/// mint (so a mint that confirms after a restart still writes them) and then in the work's row.
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
    ulong[] Regions)
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

    public static byte[]? PackRegions(ulong[] regions)
    {
        if (regions.Length == 0) return null;
        var bytes = new byte[regions.Length * 8];
        for (var i = 0; i < regions.Length; i++) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), regions[i]);
        return bytes;
    }

    public static ulong[] UnpackRegions(byte[]? bytes)
    {
        if (bytes is null) return [];
        var regions = new ulong[bytes.Length / 8];
        for (var i = 0; i < regions.Length; i++) regions[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
        return regions;
    }
}
