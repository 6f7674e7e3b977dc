using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>
/// A JSON-RPC node in memory behind the API's transport: each request (or each of a batch) is answered by
/// <see cref="Answer"/> with a result, or an error object when it returns a <see cref="RpcError"/>.
/// </summary>
internal sealed class StubRpcNode : HttpMessageHandler, IHttpClientFactory
{
    public sealed record RpcError(int Code, string Message, JsonNode? Data = null);

    /// <summary>method, params → result (any JSON-serialisable value) or an <see cref="RpcError"/>.</summary>
    public Func<string, JsonArray, object?> Answer { get; set; } = (method, _) => throw new NotSupportedException($"{method} is not expected.");

    /// <summary>Every method asked, in order; a batch counts each of its requests.</summary>
    public List<string> Methods { get; } = [];

    public int HttpRequests { get; private set; }

    /// <summary>Answers the batch's items in reverse order, as a node may.</summary>
    public bool ReverseBatches { get; set; }

    /// <summary>Holds each request until its cancellation token fires.</summary>
    public bool Hang { get; set; }

    public JsonRpcTransport Transport(int timeoutSeconds = 10)
    {
        var options = new ChainOptions { RpcUrl = "http://node.test/", RpcTimeoutSeconds = timeoutSeconds };
        return new(this, Options.Create(options), Resilience.Pipelines(TimeProvider.System, options));
    }

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpRequests++;
        if (Hang) await Task.Delay(Timeout.Infinite, ct);
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!;
        JsonNode answer;
        if (body is JsonArray batch)
        {
            var items = batch.Select(r => One(r!)).ToList();
            if (ReverseBatches) items.Reverse();
            answer = new JsonArray(items.ToArray());
        }
        else
        {
            answer = One(body);
        }
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json"),
        };
    }

    private JsonNode One(JsonNode request)
    {
        var method = request["method"]!.GetValue<string>();
        Methods.Add(method);
        var result = Answer(method, request["params"]!.AsArray());
        var id = request["id"]!.DeepClone();
        return result is RpcError e
            ? new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = e.Code, ["message"] = e.Message, ["data"] = e.Data?.DeepClone() } }
            : new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = JsonSerializer.SerializeToNode(result) };
    }
}
