using DigitalCollections.Api.Data;
using DigitalCollections.Api.Metadata;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Works;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Metadata;

/// <summary>The finalizer records a confirmed metadata change with a hand-written INSERT: it must name every mapped column.</summary>
public sealed class MetadataChangeRowsTests
{
    [Fact]
    public void The_change_insert_names_every_mapped_column_but_the_generated_key()
    {
        using var dir = new TempDirectory();
        using var sqlite = AppDatabase.Open(new StorageOptions { DataDirectory = dir.Path }, dir.Path);
        var mapped = sqlite.Model.FindEntityType(typeof(MetadataChange))!.GetProperties().Where(p => !p.IsPrimaryKey())
            .Select(p => p.Name).Order().ToList();
        Assert.Equal(mapped, MetadataChangeRows.Columns.Select(c => c.Property).Order().ToList());
    }

    [Fact]
    public void The_canonical_json_sorts_keys_and_escapes_as_json_stringify()
    {
        Assert.Equal("{\"description\":null,\"title\":\"A\"}", MetadataHash.CanonicalJson("A", null));
        Assert.Equal("{\"description\":\"q\\\"\\\\\\n\\u001f\",\"title\":\"é🌅\"}", MetadataHash.CanonicalJson("é🌅", "q\"\\\n\u001f"));
        // SHA-256 of {"description":null,"title":"A"}: recomputable with any sha256 tool.
        Assert.Equal(Api.Chain.Formats.ToHex(System.Security.Cryptography.SHA256.HashData("{\"description\":null,\"title\":\"A\"}"u8)),
            MetadataHash.Of("A", null));
    }
}
