using System.Net;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Startup;

/// <summary>The API reads its appsettings.json from beside the dll, whatever folder it is started from.</summary>
[Collection(PipelineCollection.Name)]
public sealed class SettingsFileTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Started_from_another_folder_it_reads_appsettings_and_logs_the_framework_at_warning()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(fixture.Node.WorkDirectory, "cwd-" + Guid.NewGuid().ToString("N"))).FullName;
        Assert.False(File.Exists(Path.Combine(elsewhere, "appsettings.json")));
        await using var api = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory(),
            workingDirectory: elsewhere);
        var client = new ApiClient(api.CreateClient());

        // Requests that make EF Core and ASP.NET Core log at Information: commands, request lines, endpoints.
        var (_, apiKey) = await client.CreateAccountAsync("Logs");
        var tokenId = await client.MintedTokenIdAsync(await client.MintCustodialAsync(apiKey, ApiClient.RandomFile()));
        await client.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);

        var output = api.Output;
        Assert.Contains("info: Microsoft.Hosting.Lifetime", output); // the console log works
        Assert.DoesNotContain("info: Microsoft.EntityFrameworkCore", output);
        Assert.DoesNotContain("info: Microsoft.AspNetCore", output);
    }
}
