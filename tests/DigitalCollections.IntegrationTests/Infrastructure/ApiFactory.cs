using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>
/// The real API in-process, pointed at a given node, deployment file and a fresh data folder (and, on the
/// PostgreSQL store, that folder's database: see <see cref="TestStore"/>). Its clients record every answer,
/// and disposing it checks them against the OpenAPI document (see <see cref="OpenApiContract"/>).
/// </summary>
public sealed class ApiFactory(string rpcUrl, string deploymentFile, string dataDirectory,
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>
    /// Tests fire thousands of requests from one client; the limiter stays in the pipeline but never refuses
    /// them. Tests of the limits pass their own (small) ones in the settings.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> UnreachedRateLimits = new Dictionary<string, string>
    {
        ["RateLimits:Accounts:PermitsPerMinute"] = "1000000",
        ["RateLimits:Writes:PermitsPerMinute"] = "1000000",
        ["RateLimits:Writes:AddressPermitsPerMinute"] = "1000000",
        ["RateLimits:Reads:PermitsPerMinute"] = "1000000",
    };

    public string DataDirectory { get; } = dataDirectory;

    public AnswerLog Answers { get; } = new();

    /// <summary>Like the factory's own client (redirects followed, cookies kept), recording each answer.</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(), Answers.Recorder());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Chain:RpcUrl", rpcUrl);
        builder.UseSetting("Chain:DeploymentFile", deploymentFile);
        // Generous: a 500-request burst on a busy 2-core machine can keep Hardhat busy for seconds.
        builder.UseSetting("Chain:RpcTimeoutSeconds", "20");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Storage:MaxUploadBytes", (1024 * 1024).ToString());
        foreach (var (key, value) in UnreachedRateLimits) builder.UseSetting(key, value);
        foreach (var (key, value) in TestStore.SettingsFor(DataDirectory)) builder.UseSetting(key, value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    /// <summary>Checks the answers recorded since the last check against the OpenAPI document.</summary>
    public async Task AssertAnswersAgreeAsync()
    {
        var answers = Answers.TakeUnchecked();
        if (answers.Count == 0) return;
        var contract = await OpenApiContract.CurrentAsync(() => base.CreateClient().GetStringAsync(OpenApiContract.DocumentPath));
        contract.AssertAgrees(answers, $"the in-process API on {DataDirectory}");
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await AssertAnswersAgreeAsync();
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}
