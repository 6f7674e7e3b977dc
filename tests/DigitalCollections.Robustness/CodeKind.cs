using DigitalCollections.Api.Iscc;

namespace DigitalCollections.Robustness;

/// <summary>A way of comparing two samples: the distance of their codes of one kind, or null when either has none.</summary>
internal sealed record CodeKind(string Name, string Medium, Func<Sample, Sample, int?> Distance, int[] Sweep)
{
    private static int? Between(ulong? a, ulong? b) => a is { } x && b is { } y ? IsccDistance.Hamming(x, y) : null;

    public static CodeKind Image { get; } = new("image (ISCC Image-Code)", "image", (a, b) => Between(a.Image, b.Image), [4, 6, 8, 10, 12, 14, 16, 18]);

    public static CodeKind Region { get; } = new("image region codes", "image", (a, b) => RegionCodes.Distance(a.Regions, b.Regions), [2, 4, 6, 8, 10, 12]);

    /// <summary>One image's Image-Code against the other's variant codes, both ways, as the registry searches.</summary>
    public static CodeKind Variant { get; } = new("image variant codes (crops)", "image", (a, b) => Least(
        a.Image is { } x ? VariantCodes.Distance(x, b.Variants) : null,
        b.Image is { } y ? VariantCodes.Distance(y, a.Variants) : null), [4, 6, 8, 10, 11, 12, 14]);

    private static int? Least(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    public static CodeKind Text { get; } = new("text (ISCC Text-Code)", "text", (a, b) => Between(a.Text, b.Text), [4, 6, 8, 9, 10, 12, 14, 16]);

    public static CodeKind DataOfImages { get; } = new("data (ISCC Data-Code), images", "image", (a, b) => Between(a.Data, b.Data), [4, 8, 12, 16, 20, 24]);

    public static CodeKind DataOfTexts { get; } = new("data (ISCC Data-Code), texts", "text", (a, b) => Between(a.Data, b.Data), [4, 8, 12, 16, 20, 24]);
}
