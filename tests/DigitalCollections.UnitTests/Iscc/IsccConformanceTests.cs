using System.Text.Json;
using DigitalCollections.Api.Iscc;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>
/// Every function of the ISCC reference's conformance vectors that the registry computes must reproduce
/// them exactly. The vectors are read as data: one theory case per vector.
/// </summary>
public sealed class IsccConformanceTests
{
    public static TheoryData<string> MetaVectors() => IsccVectors.Names("gen_meta_code_v0");
    public static TheoryData<string> TextVectors() => IsccVectors.Names("gen_text_code_v0");
    public static TheoryData<string> ImageVectors() => IsccVectors.Names("gen_image_code_v0");
    public static TheoryData<string> DataVectors() => IsccVectors.Names("gen_data_code_v0");
    public static TheoryData<string> InstanceVectors() => IsccVectors.Names("gen_instance_code_v0");
    public static TheoryData<string> IsccCodeVectors() => IsccVectors.Names("gen_iscc_code_v0");

    [Fact]
    public void The_vector_file_has_the_functions_we_implement_and_only_audio_video_and_mixed_besides()
    {
        var functions = IsccVectors.Root.EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(
            ["gen_audio_code_v0", "gen_data_code_v0", "gen_image_code_v0", "gen_instance_code_v0", "gen_iscc_code_v0",
             "gen_meta_code_v0", "gen_mixed_code_v0", "gen_text_code_v0", "gen_video_code_v0"],
            functions);
    }

    [Theory]
    [MemberData(nameof(MetaVectors))]
    public void Meta_code(string name)
    {
        var (inputs, outputs) = IsccVectors.Get("gen_meta_code_v0", name);
        var meta = inputs[2].ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => MetaPayload.FromDataUrl(inputs[2].GetString()!),
            _ => MetaPayload.FromJson(inputs[2]),
        };
        var result = MetaCode.Generate(inputs[0].GetString(), inputs[1].GetString(), meta, inputs[3].GetInt32());
        Assert.Equal(outputs.GetProperty("iscc").GetString(), result.Code);
        Assert.Equal(outputs.GetProperty("name").GetString(), result.Name);
        Assert.Equal(Optional(outputs, "description"), result.Description);
        Assert.Equal(Optional(outputs, "meta"), result.Meta);
        Assert.Equal(outputs.GetProperty("metahash").GetString(), result.Metahash);
    }

    [Theory]
    [MemberData(nameof(TextVectors))]
    public void Text_code(string name)
    {
        var (inputs, outputs) = IsccVectors.Get("gen_text_code_v0", name);
        var result = TextCode.Generate(inputs[0].GetString()!, inputs[1].GetInt32());
        Assert.Equal(outputs.GetProperty("iscc").GetString(), result.Code);
        Assert.Equal(outputs.GetProperty("characters").GetInt32(), result.Characters);
    }

    [Theory]
    [MemberData(nameof(ImageVectors))]
    public void Image_code(string name)
    {
        var (inputs, outputs) = IsccVectors.Get("gen_image_code_v0", name);
        var pixels = inputs[0].EnumerateArray().Select(p => checked((byte)p.GetInt32())).ToArray();
        Assert.Equal(outputs.GetProperty("iscc").GetString(), ImageCode.Generate(pixels, inputs[1].GetInt32()));
    }

    [Theory]
    [MemberData(nameof(DataVectors))]
    public void Data_code(string name)
    {
        var (inputs, outputs) = IsccVectors.Get("gen_data_code_v0", name);
        var data = IsccVectors.Stream(inputs[0]);
        Assert.Equal(outputs.GetProperty("iscc").GetString(), DataCodeHasher.Compute(data, inputs[1].GetInt32()));
    }

    [Theory]
    [MemberData(nameof(DataVectors))]
    public void Data_code_pushed_a_byte_at_a_time(string name)
    {
        var (inputs, outputs) = IsccVectors.Get("gen_data_code_v0", name);
        var data = IsccVectors.Stream(inputs[0]);
        var hasher = new DataCodeHasher();
        foreach (var b in data) hasher.Update([b]);
        Assert.Equal(outputs.GetProperty("iscc").GetString(), hasher.Finish(inputs[1].GetInt32()));
    }

    [Theory]
    [MemberData(nameof(InstanceVectors))]
    public void Instance_code(string name)
    {
        var (inputs, outputs) = IsccVectors.Get("gen_instance_code_v0", name);
        var data = IsccVectors.Stream(inputs[0]);
        using var hasher = new InstanceCodeHasher();
        foreach (var piece in data.Chunk(100)) hasher.Update(piece);
        var result = hasher.Finish(inputs[1].GetInt32());
        Assert.Equal(outputs.GetProperty("iscc").GetString(), result.Code);
        Assert.Equal(outputs.GetProperty("datahash").GetString(), result.Datahash);
        Assert.Equal(outputs.GetProperty("filesize").GetInt64(), result.Filesize);
    }

    [Theory]
    [MemberData(nameof(IsccCodeVectors))]
    public void Iscc_code(string name)
    {
        var (inputs, outputs) = IsccVectors.Get("gen_iscc_code_v0", name);
        var units = inputs[0].EnumerateArray().Select(u => u.GetString()!).ToList();
        Assert.Equal(outputs.GetProperty("iscc").GetString(), IsccCode.Compose(units));
    }

    private static string? Optional(JsonElement outputs, string property) =>
        outputs.TryGetProperty(property, out var value) ? value.GetString() : null;
}
