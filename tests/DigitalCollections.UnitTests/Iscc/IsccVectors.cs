using System.Text.Json;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>
/// The conformance vectors of the ISCC reference implementation (tests/vectors/iscc-data.json, a verbatim
/// copy of iscc-core's iscc_core/data.json): per function a set of named cases with inputs and outputs.
/// </summary>
internal static class IsccVectors
{
    private static readonly Lazy<JsonElement> Document = new(Load);

    public static JsonElement Root => Document.Value;

    public static TheoryData<string> Names(string function)
    {
        var data = new TheoryData<string>();
        foreach (var vector in Root.GetProperty(function).EnumerateObject()) data.Add(vector.Name);
        return data;
    }

    public static (JsonElement Inputs, JsonElement Outputs) Get(string function, string name)
    {
        var vector = Root.GetProperty(function).GetProperty(name);
        return (vector.GetProperty("inputs"), vector.GetProperty("outputs"));
    }

    /// <summary>The bytes of a <c>"stream:HEX"</c> input.</summary>
    public static byte[] Stream(JsonElement input)
    {
        var text = input.GetString()!;
        Assert.StartsWith("stream:", text);
        return Convert.FromHexString(text["stream:".Length..]);
    }

    private static JsonElement Load()
    {
        var path = RepositoryRoot.Combine("tests", "vectors", "iscc-data.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.Clone();
    }
}
