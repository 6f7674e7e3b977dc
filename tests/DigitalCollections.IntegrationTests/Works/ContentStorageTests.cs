using System.Net;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Works;

/// <summary>Small works' bytes are rows of the database, larger ones files; either way the same bytes come back.</summary>
[Collection(ChainCollection.Name)]
public sealed class ContentStorageTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private string ContentFolder => Path.Combine(fixture.Api.DataDirectory, "content");

    private bool IsFileOnDisk(byte[] file)
    {
        var hex = ApiClient.HashOf(file)[2..];
        return File.Exists(Path.Combine(ContentFolder, hex[..2], hex));
    }

    private async Task<bool> IsRowInDatabase(byte[] file)
    {
        await using var db = TestStore.Open(fixture.Api.DataDirectory);
        var hash = ApiClient.HashOf(file);
        return await db.StoredContents.AnyAsync(c => c.ContentHash == hash);
    }

    private async Task AssertServedAsync(long tokenId, byte[] file)
    {
        var content = await _api.Http.GetAsync($"/api/v1/works/{tokenId}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(file, await content.Content.ReadAsByteArrayAsync());

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/works/{tokenId}/content");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(10, 19);
        var part = await _api.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(file[10..20], await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_small_work_is_kept_in_the_database_and_served_from_there()
    {
        var file = ApiClient.RandomFile(4096);
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, file, "Small"));

        Assert.True(await IsRowInDatabase(file));
        Assert.False(IsFileOnDisk(file));
        await AssertServedAsync(tokenId, file);
    }

    [Fact]
    public async Task A_work_over_64_KiB_is_a_file_and_served_from_disk()
    {
        var file = ApiClient.RandomFile(64 * 1024 + 1);
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, file, "Large"));

        Assert.True(IsFileOnDisk(file));
        Assert.False(await IsRowInDatabase(file));
        await AssertServedAsync(tokenId, file);
    }
}
