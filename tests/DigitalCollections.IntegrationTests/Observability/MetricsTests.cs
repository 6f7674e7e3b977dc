using System.Net;
using System.Text.RegularExpressions;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Observability;

[Collection(PipelineCollection.Name)]
public sealed partial class MetricsTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_scrape_after_a_mint_shows_the_write_path_counters_moved_and_the_row_carries_the_requests_trace()
    {
        var data = fixture.NewDataDirectory();
        var settings = new Dictionary<string, string>
        {
            ["Metrics:Enabled"] = "true",
            ["Tracing:Enabled"] = "true",
            // No collector listens there: the exporter's failures are its own and must not touch the write path.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        };
        await using var api = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, settings);
        var http = api.CreateClient();
        var before = await ScrapeAsync(http);
        Assert.Equal(0, Sum(before, "dc_writes_total", "state=\"confirmed\""));

        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{new string('1', 16)}-01");
        var client = new ApiClient(http);
        await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), "Counted"));
        http.DefaultRequestHeaders.Remove("traceparent");

        var after = await ScrapeAsync(http);
        foreach (var state in new[] { "queued", "sent", "confirmed" })
            Assert.True(Sum(after, "dc_writes_total", $"state=\"{state}\"") >= 1, $"no {state} write counted:\n{after}");
        Assert.True(Sum(after, "dc_lane_send_duration_seconds_count", "outcome=\"accepted\"") >= 1, after);
        Assert.True(Sum(after, "dc_confirmation_duration_seconds_count", "") >= 1, after);
        Assert.True(Sum(after, "dc_rpc_duration_seconds_count", "method=\"eth_sendRawTransaction\"") >= 1, after);
        Assert.True(Sum(after, "dc_rpc_duration_seconds_count", "method=\"eth_sendRawTransaction\"")
            > Sum(before, "dc_rpc_duration_seconds_count", "method=\"eth_sendRawTransaction\""), after);
        Assert.True(Sum(after, "http_server_request_duration_seconds_count", "http_route=\"/api/v1/works\"") >= 1, after);
        Assert.Matches(@"(?m)^dc_lane_depth\{[^}]*relayer=""0x[0-9a-f]{40}""[^}]*\} 0", after);
        Assert.Matches(@"(?m)^dc_transactions_in_flight(\{[^}]*\})? \d", after);
        Assert.Matches(@"(?m)^dc_index_lag(\{[^}]*\})? \d", after);

        // The request's trace reached the outbox row: the lane's send and the confirmation start from it.
        var row = Assert.Single(await PipelineFixture.OutboxAsync(data));
        Assert.StartsWith($"00-{traceId}-", row.TraceParent);
        Assert.DoesNotContain("-1111111111111111-", row.TraceParent); // the outbox.record span's, a child of the request's
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_scrape_endpoint()
    {
        await using var api = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory());
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (Prometheus text format).</summary>
    private static double Sum(string scrape, string metric, string label) =>
        Sample().Matches(scrape).Where(m => m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains(label))
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?m)^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)")]
    private static partial Regex Sample();
}
