using System.Buffers.Binary;
using DigitalCollections.Api.Iscc;

namespace DigitalCollections.Robustness;

/// <summary>
/// One file's similarity codes as the API computes them: an original (<see cref="Transform"/> null) or a
/// copy of one. Codes are 64-bit, read from a unit's body as the similarity index reads them.
/// </summary>
internal sealed record Sample(string Group, string Name, string Medium, string? Transform, ulong? Image, ulong[] Regions, ulong[] Variants, ulong? Text, ulong Data)
{
    public static Sample OfImage(string group, string name, string? transform, byte[] file)
    {
        var fingerprint = ImageFingerprint.Compute(file);
        return new Sample(group, name, "image", transform, Bits(fingerprint.Code), fingerprint.Regions, fingerprint.Variants, null, Bits(DataCodeHasher.Compute(file))!.Value);
    }

    public static Sample OfText(string group, string name, string? transform, byte[] file)
    {
        var decoded = TextDecoder.Decode(file);
        ulong? text = null;
        if (decoded.Text is { } t)
        {
            var code = TextCode.Generate(t);
            if (SimilarityFloor.TextTakesPart(code.Characters)) text = Bits(code.Code);
        }
        return new Sample(group, name, "text", transform, null, [], [], text, Bits(DataCodeHasher.Compute(file))!.Value);
    }

    private static ulong? Bits(string? unit) => unit is null ? null : BinaryPrimitives.ReadUInt64BigEndian(IsccUnit.Parse(unit).Body);
}
