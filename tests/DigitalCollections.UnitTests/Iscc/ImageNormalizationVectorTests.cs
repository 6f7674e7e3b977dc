using System.Text.Json;
using DigitalCollections.Api.Iscc;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>
/// The decoder against the reference pipeline (iscc-sdk's image_normalize on Pillow):
/// tests/vectors/iscc-image-normalize.json holds images in every supported format with the 32×32 pixels
/// Pillow makes of them (scripts/make-iscc-image-vectors.py). Decoded at full scale the pixels must agree
/// exactly; at the default reduced scale for large JPEGs the code may move by a measured bit or two.
/// </summary>
public sealed class ImageNormalizationVectorTests
{
    private static readonly Lazy<Dictionary<string, (byte[] Image, byte[] Pixels)>> Cases = new(Load);

    public static TheoryData<string> Names() => [.. Cases.Value.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Full_scale_decoding_gives_pillows_pixels_exactly(string name)
    {
        var (image, pixels) = Cases.Value[name];
        var result = new ImagePixelDecoder(new ImageDecodeOptions { DecodeSide = int.MaxValue }).Decode(image);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(Convert.ToHexString(pixels), Convert.ToHexString(result.Pixels));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Default_decoding_gives_the_reference_code_within_two_bits(string name)
    {
        var (image, pixels) = Cases.Value[name];
        var result = new ImagePixelDecoder().Decode(image);
        Assert.True(result.Succeeded, result.Reason);
        var distance = IsccDistance.Hamming(ImageCode.Hash(pixels, 64), ImageCode.Hash(result.Pixels, 64));
        Assert.InRange(distance, 0, 2);
    }

    [Fact]
    public void The_vectors_cover_every_format_transparency_border_and_orientations()
    {
        var names = Cases.Value.Keys.ToList();
        foreach (var expected in new[] { "png-rgb", "jpeg-rgb", "jpeg-gray", "jpeg-exif-6", "png-alpha", "png-border", "gif-transparent", "webp-lossy", "jpeg-large" })
            Assert.Contains(expected, names);
    }

    private static Dictionary<string, (byte[], byte[])> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("tests", "vectors", "iscc-image-normalize.json")));
        return json.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (Convert.FromBase64String(c.GetProperty("image").GetString()!), Convert.FromHexString(c.GetProperty("pixels").GetString()!)));
    }
}
