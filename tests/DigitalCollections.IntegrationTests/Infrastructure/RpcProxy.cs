using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>What the proxy does with one eth_sendRawTransaction (numbered from 1).</summary>
public enum SendFault
{
    None,
    /// <summary>Answer a JSON-RPC error without forwarding: the node never sees the transaction.</summary>
    Refuse,
    /// <summary>Forward it, then lose the answer (HTTP 502): the transaction is on the node, the sender cannot know.</summary>
    LoseAnswer,
    /// <summary>Never forward and never answer, until the proxy stops: a send that hangs.</summary>
    Hang,
    /// <summary>Forward it once the test calls <see cref="RpcProxy.ReleaseHeld"/>: a send that takes as long as the test needs.</summary>
    Hold,
}

/// <summary>
/// A JSON-RPC proxy in front of the Hardhat node that injects faults into eth_sendRawTransaction, so tests
/// see the API's real failure handling against a real node.
/// </summary>
public sealed class RpcProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _sends;

    private RpcProxy(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Decides the fault for the n-th eth_sendRawTransaction (1-based).</summary>
    public Func<int, SendFault> Faults { get; set; } = _ => SendFault.None;

    public int Sends => Volatile.Read(ref _sends);

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends held (<see cref="SendFault.Hold"/>) go on to the node, and later ones are not held back.</summary>
    public void ReleaseHeld() => _released.TrySetResult();

    /// <summary>When set, every eth_chainId answer (single or in a batch) says this chain id: a node of another chain.</summary>
    public long? ChainIdOverride { get; set; }

    /// <summary>The node requests go to; switching it simulates a node restarted behind the same URL.</summary>
    public string Upstream { get; set; } = "";

    public static async Task<RpcProxy> StartAsync(string upstreamUrl)
    {
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var proxy = new RpcProxy(app) { Url = $"http://127.0.0.1:{port}", Upstream = upstreamUrl };
        app.MapPost("/", context => proxy.HandleAsync(context));
        await app.StartAsync();
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var fault = SendFault.None;
        object? id = null;
        var chainIdCalls = new HashSet<string>();
        using (var json = JsonDocument.Parse(body))
        {
            var calls = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
            foreach (var call in calls)
                if (call.TryGetProperty("method", out var m) && m.GetString() == "eth_chainId" && call.TryGetProperty("id", out var callId))
                    chainIdCalls.Add(callId.GetRawText());
            // Batches pass through untouched.
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("method", out var method)
                && method.GetString() == "eth_sendRawTransaction")
            {
                fault = Faults(Interlocked.Increment(ref _sends));
                id = json.RootElement.TryGetProperty("id", out var i) ? JsonSerializer.Deserialize<object>(i.GetRawText()) : null;
            }
        }

        switch (fault)
        {
            case SendFault.Refuse:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    jsonrpc = "2.0", id,
                    error = new { code = -32000, message = "injected fault: the node refuses this transaction" },
                }));
                return;
            case SendFault.Hold:
                await _released.Task.WaitAsync(context.RequestAborted);
                break;
            case SendFault.Hang:
                try { await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted).Token); }
                catch (OperationCanceledException) { }
                return;
        }

        using var forwarded = await _upstream.PostAsync(Upstream, new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = await forwarded.Content.ReadAsByteArrayAsync();
        if (fault == SendFault.LoseAnswer)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        if (ChainIdOverride is { } chainId && chainIdCalls.Count > 0) answer = WithChainId(answer, chainIdCalls, chainId);
        context.Response.StatusCode = (int)forwarded.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(answer);
    }

    private static byte[] WithChainId(byte[] answer, HashSet<string> ids, long chainId)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(answer)!;
        var items = node is System.Text.Json.Nodes.JsonArray array ? array.ToList() : [node];
        foreach (var item in items)
            if (item?["id"] is { } itemId && ids.Contains(itemId.ToJsonString())) item["result"] = "0x" + chainId.ToString("x");
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }


    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
