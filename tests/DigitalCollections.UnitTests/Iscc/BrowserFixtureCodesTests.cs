using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigitalCollections.Api.Iscc;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>
/// tests/browser/fixtures/expected.json holds the server's codes of the browser fixtures (Debian images and texts
/// made by make-fixtures.py); tests/browser/iscc.test.js compares the verify page's JavaScript codes with it. This
/// test keeps it the server's truth: every fixture's codes as computed here, and no fixture missing or extra.
/// After changing the fixtures or the algorithms, rewrite it with DC_UPDATE_BROWSER_FIXTURES=1 (that run writes the
/// file before any test reads it) and look at the diff.
/// </summary>
public sealed class BrowserFixtureCodesTests
{
    private static readonly string Folder = RepositoryRoot.Combine("tests", "browser", "fixtures");
    private static readonly string ExpectedFile = Path.Combine(Folder, "expected.json");
    private static readonly HashSet<string> ImageExtensions = [".jpg", ".png", ".gif", ".webp"];
    private static readonly HashSet<string> TextExtensions = [".txt", ".md"];

    // In the update run the file is written once, before any test reads it.
    private static readonly Lazy<List<JsonObject>> Entries = new(() =>
    {
        if (Environment.GetEnvironmentVariable("DC_UPDATE_BROWSER_FIXTURES") == "1") Write();
        var root = JsonNode.Parse(File.ReadAllText(ExpectedFile))!.AsObject();
        return [.. root["files"]!.AsArray().Select(n => n!.AsObject())];
    });

    public static TheoryData<string> Fixtures() => [.. FixtureFiles()];

    [Fact]
    public void Expected_json_lists_exactly_the_fixtures_each_at_most_100_KB()
    {
        var listed = Expected().Select(e => e["file"]!.GetValue<string>()).ToList();
        Assert.Equal(FixtureFiles(), listed);
        Assert.InRange(listed.Count, 15, 25);
        Assert.Contains(Expected(), e => e["kind"]?.GetValue<string>() == "image");
        Assert.Contains(Expected(), e => e["kind"]?.GetValue<string>() == "text");
        foreach (var file in listed) Assert.InRange(new FileInfo(Path.Combine(Folder, file)).Length, 1, 100 * 1024);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_server_computes_the_codes_in_expected_json(string file)
    {
        var expected = Expected().SingleOrDefault(e => e["file"]!.GetValue<string>() == file);
        Assert.NotNull(expected);
        Assert.Equal(expected.ToJsonString(), Compute(file).ToJsonString());
    }

    [Fact]
    public void The_fixtures_have_content_codes_and_the_short_text_takes_no_part()
    {
        var entries = Expected();
        Assert.All(entries.Where(e => e["file"]!.GetValue<string>() != "cc0-short.txt"), e => Assert.True(e["takesPart"]!.GetValue<bool>(), e.ToJsonString()));
        var shortText = entries.Single(e => e["file"]!.GetValue<string>() == "cc0-short.txt");
        Assert.False(shortText["takesPart"]!.GetValue<bool>());
        Assert.StartsWith("ISCC:EAA", shortText["content"]!.GetValue<string>());
    }

    private static List<string> FixtureFiles() =>
        [.. Directory.EnumerateFiles(Folder).Select(Path.GetFileName).OfType<string>()
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f)) || TextExtensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)];

    private static List<JsonObject> Expected() => Entries.Value;

    // The codes a registration computes: the Content-Code by the file's kind (with its reason when there is none),
    // whether it takes part in similarity, and the Data-Code.
    private static JsonObject Compute(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        var entry = new JsonObject { ["file"] = file };
        if (ImageExtensions.Contains(Path.GetExtension(file)))
        {
            var image = new ImagePixelDecoder().Decode(bytes);
            entry["kind"] = "image";
            entry["content"] = image.Code();
            entry["contentReason"] = image.Reason;
            entry["takesPart"] = image.Succeeded;
            entry["width"] = image.Width;
            entry["height"] = image.Height;
        }
        else
        {
            var decoded = TextDecoder.Decode(bytes);
            var text = decoded.Succeeded ? TextCode.Generate(decoded.Text) : null;
            entry["kind"] = "text";
            entry["content"] = text?.Code;
            entry["contentReason"] = decoded.Reason;
            entry["takesPart"] = text is not null && SimilarityFloor.TextTakesPart(text.Characters);
            entry["characters"] = text?.Characters;
        }
        entry["data"] = DataCodeHasher.Compute(bytes);
        return entry;
    }

    private static void Write()
    {
        var root = new JsonObject
        {
            ["description"] = "The server's ISCC codes (src/DigitalCollections.Api/Iscc, 64 bits) of each browser fixture, written by "
                + "DC_UPDATE_BROWSER_FIXTURES=1 dotnet test tests/DigitalCollections.UnitTests --filter BrowserFixtureCodesTests; "
                + "checked by that test, compared with the browser's codes by tests/browser/iscc.test.js. Do not edit by hand.",
            ["files"] = new JsonArray([.. FixtureFiles().Select(f => (JsonNode)Compute(f))]),
        };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(ExpectedFile, root.ToJsonString(options) + "\n");
    }
}
