using System.Text;
using System.Text.Json;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;
using DigitalCollections.UnitTests.Iscc;
using SkiaSharp;

namespace DigitalCollections.UnitTests.Similarity;

public class WorkCodeGeneratorTests
{
    private static readonly string LongText = string.Join(" ", Enumerable.Range(0, 80).Select(i => $"word{i * 7919 % 1000}"));

    private static WorkCodes Generate(byte[] bytes, string? contentType, string? fileName = null, string? title = "A work")
    {
        using var hasher = new WorkCodeHasher();
        hasher.Update(bytes);
        return new WorkCodeGenerator().Generate(hasher.Finish(), bytes.Length, bytes, contentType, fileName, title, "About it");
    }

    [Fact]
    public void An_image_gets_every_code_and_is_compared_by_its_image_code()
    {
        using var scene = TestImages.Scene(320, 240);
        var png = TestImages.Encode(scene, SKEncodedImageFormat.Png);

        var codes = Generate(png, "application/octet-stream"); // the bytes say image, whatever the declared type

        Assert.Equal(WorkCodes.ImageKind, codes.ContentKind);
        Assert.Null(codes.ContentReason);
        Assert.Equal(SimilarityCodeKind.Image, codes.Kind);
        Assert.Equal(new ImagePixelDecoder().Decode(png).Code(), codes.Content);
        Assert.Equal(ImageFingerprint.Compute(png).Regions, codes.Regions);
        Assert.NotEmpty(codes.Regions);
        Assert.Equal(ImageFingerprint.Compute(png).Variants, codes.Variants);
        Assert.NotEmpty(codes.Variants!);
        Assert.Equal(DataCodeHasher.Compute(png), codes.Data);
        Assert.Equal(InstanceCodeHasher.Compute(png).Code, codes.Instance);
        Assert.Equal(MetaCode.Generate("A work", "About it").Code, codes.Meta);
        Assert.Equal(IsccCode.Compose([codes.Meta!, codes.Content!, codes.Data, codes.Instance]), codes.Iscc);
        Assert.Equal(WorkCodes.Leading64(codes.Content!), codes.Bits);
    }

    [Fact]
    public void A_text_long_enough_is_compared_by_its_text_code_and_a_short_one_by_its_data_code()
    {
        var text = Generate(Encoding.UTF8.GetBytes(LongText), "text/plain; charset=utf-8");
        Assert.Equal(WorkCodes.TextKind, text.ContentKind);
        Assert.Equal(SimilarityCodeKind.Text, text.Kind);
        Assert.Equal(TextCode.Generate(LongText).Code, text.Content);

        var greeting = Generate("Hello, world"u8.ToArray(), null, "hello.md");
        Assert.NotNull(greeting.Content); // computed and shown …
        Assert.Contains("fewer than", greeting.ContentReason); // … but not compared
        Assert.Equal(SimilarityCodeKind.Data, greeting.Kind);
    }

    public static TheoryData<string, byte[], string> BadContent => new()
    {
        { "truncated PNG", TestImages.Encode(TestImages.Scene(320, 240), SKEncodedImageFormat.Png)[..400], "image/png" },
        { "50,000 × 50,000 bomb", TestImages.PngHeader(50_000, 50_000), "image/png" },
        { "1 × 1 image", TestImages.Encode(TestImages.Uniform(1, 1, SKColors.Red), SKEncodedImageFormat.Png), "image/png" },
        { "Latin-1 'text'", Encoding.Latin1.GetBytes("Größe " + LongText), "text/plain" },
    };

    [Theory]
    [MemberData(nameof(BadContent))]
    public void Bad_content_gets_no_content_code_with_a_reason_and_every_other_code(string what, byte[] bytes, string contentType)
    {
        var codes = Generate(bytes, contentType);

        Assert.True(codes.Content is null, what);
        Assert.False(string.IsNullOrEmpty(codes.ContentReason), what);
        Assert.Equal(SimilarityCodeKind.Data, codes.Kind);
        Assert.Equal(DataCodeHasher.Compute(bytes), codes.Data);
        Assert.StartsWith("ISCC:K", codes.Iscc);
    }

    [Fact]
    public void Other_files_get_no_content_code_and_a_file_checked_without_title_no_meta_code()
    {
        var codes = Generate([1, 2, 3, 4, 5], "application/pdf", title: null);

        Assert.Null(codes.Content);
        Assert.Null(codes.ContentKind);
        Assert.Contains("application/pdf", codes.ContentReason);
        Assert.Null(codes.Meta);
        Assert.Equal(IsccCode.Compose([codes.Data, codes.Instance]), codes.Iscc);
    }

    [Fact]
    public async Task Staging_computes_the_byte_level_codes_as_the_bytes_stream_in()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var store = new ContentStore(folder, databaseContentMaxBytes: 1024);
            var bytes = new byte[300_000];
            new Random(3).NextBytes(bytes);
            using var large = await store.StageAsync(new MemoryStream(bytes), default);
            using var small = await store.StageAsync(new MemoryStream(bytes[..500]), default);

            Assert.NotNull(large.Path);
            Assert.Equal(new StreamCodes(DataCodeHasher.Compute(bytes), InstanceCodeHasher.Compute(bytes).Code), large.Codes);
            Assert.Equal(new StreamCodes(DataCodeHasher.Compute(bytes[..500]), InstanceCodeHasher.Compute(bytes[..500]).Code), small.Codes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_read_from_a_stream_gives_its_sha256_and_the_same_codes_as_when_staged()
    {
        var png = TestImages.Encode(TestImages.Scene(320, 240), SKEncodedImageFormat.Png);

        var (hash, codes) = await new WorkCodeGenerator().GenerateAsync(new MemoryStream(png), "image/png", "a.png", "A work", "About it", default);

        Assert.Equal(await ContentStore.HashAsync(new MemoryStream(png), default), hash);
        var staged = Generate(png, "image/png", "a.png");
        Assert.Equal(staged with { Regions = Array.Empty<ulong>(), Variants = null }, codes with { Regions = Array.Empty<ulong>(), Variants = null });
        Assert.Equal(staged.Regions, codes.Regions);
        Assert.Equal(staged.Variants, codes.Variants);
    }

    [Fact]
    public void Region_codes_survive_packing()
    {
        ulong[] regions = [0, 1, ulong.MaxValue, 0x0123456789ABCDEF];
        Assert.Equal(regions, WorkCodes.UnpackCodes(WorkCodes.PackCodes(regions)));
        Assert.Null(WorkCodes.PackCodes([]));
        Assert.Empty(WorkCodes.UnpackCodes(null));
    }

    [Fact]
    public void Variant_codes_survive_the_outbox_and_the_work_row()
    {
        using var scene = TestImages.Scene(320, 240);
        var codes = Generate(TestImages.Encode(scene, SKEncodedImageFormat.Png), "image/png");

        var json = JsonSerializer.Serialize(codes, ChainTransaction.JsonOptions);
        var read = JsonSerializer.Deserialize<WorkCodes>(json, ChainTransaction.JsonOptions)!;
        Assert.Equal(codes.Variants, read.Variants);
        Assert.Equal(codes.Variants, WorkCodes.UnpackCodes(read.PackVariants()));

        // An image whose crops were all flat keeps empty bytes (computed, none), not null (not computed yet).
        Assert.Equal([], (codes with { Variants = [] }).PackVariants()!);
        // An outbox row written before variants were kept: null, so the backfill computes them.
        var old = JsonSerializer.Deserialize<WorkCodes>(json.Replace("\"variants\"", "\"ignored\""), ChainTransaction.JsonOptions)!;
        Assert.Null(old.Variants);
        Assert.Null(old.PackVariants());
        // Works not compared by an Image-Code keep none.
        Assert.Null(Generate(Encoding.UTF8.GetBytes(LongText), "text/plain").PackVariants());
    }
}
