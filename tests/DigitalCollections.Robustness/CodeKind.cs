using DigitalCollections.Api.Iscc;

namespace DigitalCollections.Robustness;

/// <summary>A way of comparing two samples: the distance of their codes of one kind, or null when either has none.</summary>
internal sealed record CodeKind(string Name, string Medium, Func<Sample, Sample, int?> Distance, int[] Sweep)
{
    private static int? Between(ulong? a, ulong? b) => a is { } x && b is { } y ? IsccDistance.Hamming(x, y) : null;

    public static CodeKind Image { get; } = new("image (ISCC Image-Code)", "image", (a, b) => Between(a.Image, b.Image), [4, 6, 8, 10, 12, 14, 16, 18]);

    public static CodeKind Region { get; } = new("image region codes", "image", (a, b) => RegionCodes.Distance(a.Regions, b.Regions), [2, 4, 6, 8, 10, 12]);

    /// <summary>
    /// The newcomer's (<c>a</c>) Image-Code against the registered image's (<c>b</c>) variant codes, as the registry
    /// searches: one way, so <see cref="Report"/> counts a pair of originals in either registration order.
    /// </summary>
    public static CodeKind Variant { get; } = new("image variant codes (crops)", "image",
        (a, b) => a.Image is { } x ? VariantCodes.Distance(x, b.Variants) : null, [4, 6, 8, 10, 12, 14]);

    public static CodeKind Text { get; } = new("text (ISCC Text-Code)", "text", (a, b) => Between(a.Text, b.Text), [4, 6, 8, 9, 10, 12, 14, 16]);

    public static CodeKind DataOfImages { get; } = new("data (ISCC Data-Code), images", "image", (a, b) => Between(a.Data, b.Data), [4, 8, 12, 16, 20, 24]);

    public static CodeKind DataOfTexts { get; } = new("data (ISCC Data-Code), texts", "text", (a, b) => Between(a.Data, b.Data), [4, 8, 12, 16, 20, 24]);
}
