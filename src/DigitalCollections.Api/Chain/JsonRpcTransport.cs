using System.Diagnostics;
using System.Net.Http.Json;
using DigitalCollections.Api.Observability;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace DigitalCollections.Api.Chain;

/// <summary>One JSON-RPC request: serialised as the 2.0 envelope.</summary>
public sealed record JsonRpcRequest(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("params")] object[] Params)
{
    [JsonPropertyName("jsonrpc")] public string Version => "2.0";
}

/// <summary>How long a request may take before the chain counts as unavailable.</summary>
public enum RpcWait
{
    /// <summary>A read that may scan much (a dense log range): at least 30 s (<see cref="ChainResilience.LongRequest"/>).</summary>
    Long,

    /// <summary>
    /// <see cref="ChainOptions.RpcTimeoutSeconds"/>: a send (its lane then asks whether it arrived), a point lookup
    /// (<see cref="ChainResilience.Request"/>).
    /// </summary>
    Short,
}

/// <summary>
/// The chain's JSON-RPC endpoint over HTTP: single requests and batches, serialised and parsed with
/// System.Text.Json. Nethereum's client costs several times the node's own answer in CPU per call on the hot
/// paths (sends, log ranges, header batches), so every request goes through here; Nethereum stays for ABI
/// types, keys and signing.
/// </summary>
public sealed class JsonRpcTransport(IHttpClientFactory httpClients, IOptions<ChainOptions> options, ResiliencePipelineProvider<string> resilience)
{
    /// <summary>The named <see cref="HttpClient"/> (no client timeout: each call is timed by its <see cref="RpcWait"/>).</summary>
    public const string HttpClientName = "chain-rpc";

    private readonly ChainOptions _options = options.Value;
    private readonly ResiliencePipeline _request = resilience.GetPipeline(ChainResilience.Request);
    private readonly ResiliencePipeline _longRequest = resilience.GetPipeline(ChainResilience.LongRequest);

    /// <summary>One call's result (cloned); a JSON-RPC error throws, a decodable revert as <see cref="ContractRevertedException"/>.</summary>
    public async Task<JsonElement> CallAsync(string method, object[] parameters, CancellationToken ct, RpcWait wait = RpcWait.Long)
    {
        using var answer = await PostAsync(method, new JsonRpcRequest(1, method, parameters), ct, wait);
        return Result(answer.RootElement, method).Clone();
    }

    /// <summary>A batch in one HTTP request; its answers by id (the node may answer in any order).</summary>
    public async Task<JsonRpcBatch> BatchAsync(IReadOnlyList<JsonRpcRequest> requests, CancellationToken ct, RpcWait wait = RpcWait.Long) =>
        new(await PostAsync("batch", requests, ct, wait), requests.Count);

    /// <summary>
    /// One HTTP request, timed and never sent again (a send that failed is its lane's to judge). Its duration is
    /// recorded under <paramref name="method"/> ("batch" for a batch; Observability/Telemetry.cs).
    /// </summary>
    private async Task<JsonDocument> PostAsync(string method, object request, CancellationToken ct, RpcWait wait)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await (wait == RpcWait.Long ? _longRequest : _request)
                .ExecuteAsync(static (state, token) => state.Self.SendAsync(state.Request, token), (Self: this, Request: request), ct);
            Telemetry.RpcCalled(method, Stopwatch.GetElapsedTime(started), answered: true);
            return answer;
        }
        catch (Exception e) when ((IsTransportFailure(e) || e is JsonException) && !ct.IsCancellationRequested)
        {
            Telemetry.RpcCalled(method, Stopwatch.GetElapsedTime(started), answered: false);
            throw new ChainUnavailableException("The chain's JSON-RPC endpoint did not answer.", e);
        }
    }

    private async ValueTask<JsonDocument> SendAsync(object request, CancellationToken ct)
    {
        var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.PostAsJsonAsync(_options.RpcUrl, request, ct);
        if (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType != "application/json")
            throw new HttpRequestException($"The JSON-RPC endpoint answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(body, default, ct);
    }

    /// <summary>An answer's result; its error otherwise (a revert decoded, anything else as <see cref="JsonRpcException"/>).</summary>
    public static JsonElement Result(JsonElement answer, string what)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("result", out var result)) return result;
        if (ContractErrorDecoder.Decode(RevertData(answer)) is { } revert) throw new ContractRevertedException(revert);
        throw new JsonRpcException($"{what} failed: {ErrorMessage(answer)}");
    }

    /// <summary>A JSON-RPC error's revert data: a hex string, or an object that holds one (Hardhat answers both ways).</summary>
    public static string? RevertData(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("error", out var error)
            || error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("data", out var data)) return null;
        if (data.ValueKind == JsonValueKind.String) return data.GetString();
        return data.ValueKind == JsonValueKind.Object && data.TryGetProperty("data", out var inner)
            && inner.ValueKind == JsonValueKind.String ? inner.GetString() : null;
    }

    /// <summary>The message of a JSON-RPC answer's error (or the whole answer when it has none).</summary>
    public static string? ErrorMessage(JsonElement answer)
    {
        var error = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var e) ? e : answer;
        return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
    }

    public static bool IsTransportFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException or SocketException or TimeoutException or TimeoutRejectedException or TaskCanceledException)
                return true;
        }
        return false;
    }
}

/// <summary>A batch's answers, by request id; disposing frees the parsed document.</summary>
public sealed class JsonRpcBatch : IDisposable
{
    private readonly JsonDocument _document;
    private readonly JsonElement[] _answers;

    internal JsonRpcBatch(JsonDocument document, int count)
    {
        _document = document;
        _answers = new JsonElement[count];
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new JsonRpcException($"The node refused the batch: {JsonRpcTransport.ErrorMessage(document.RootElement)}");
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
                && id.GetInt32() is var n && n >= 0 && n < count) _answers[n] = item;
        }
    }

    /// <summary>The answer to request <paramref name="id"/>; Undefined when the node left it out.</summary>
    public JsonElement this[int id] => _answers[id];

    public int Count => _answers.Length;

    /// <summary>Request <paramref name="id"/>'s result; a missing answer or an error throws.</summary>
    public JsonElement Result(int id, string what) =>
        _answers[id].ValueKind == JsonValueKind.Undefined
            ? throw new ChainUnavailableException($"The node's answer to {what} is missing from its batch answer.")
            : JsonRpcTransport.Result(_answers[id], what);

    /// <summary>Request <paramref name="id"/>'s result when it is an object (a block past the head is null).</summary>
    public bool TryGetObject(int id, out JsonElement result)
    {
        result = default;
        return _answers[id].ValueKind == JsonValueKind.Object && _answers[id].TryGetProperty("result", out result)
            && result.ValueKind == JsonValueKind.Object;
    }

    public void Dispose() => _document.Dispose();
}
