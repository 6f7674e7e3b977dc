using System.Net;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Works;

/// <summary>An uploaded file's name is kept and offered for download without paths and invisible characters.</summary>
[Collection(ChainCollection.Name)]
public sealed class UploadFileNameTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Theory]
    [InlineData("C:\\Users\\ada\\invoice\u202Efdp.exe", "invoicefdp.exe")] // shown as "invoiceexe.pdf" with the override
    [InlineData("report\u0007\u200F.txt\r\n", "report.txt")]
    public async Task The_download_name_has_no_path_no_controls_and_no_bidi_overrides(string sent, string expected)
    {
        var file = ApiClient.RandomFile();
        var minted = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "Named",
            ["creator"] = TestAccount.Carol.Address,
            ["deadline"] = ApiClient.InOneHour.ToString(),
            ["signature"] = await _api.SignMintAsync(TestAccount.Carol, file, deadline: ApiClient.InOneHour),
        }, fileName: sent, contentType: "application/octet-stream"));
        var tokenId = await _api.MintedTokenIdAsync(minted);

        var content = await _api.Http.GetAsync($"/api/v1/works/{tokenId}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        var disposition = content.Content.Headers.ContentDisposition!;
        Assert.Equal(expected, disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
    }
}
