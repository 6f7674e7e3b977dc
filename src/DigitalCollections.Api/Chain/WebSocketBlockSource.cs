using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// <see cref="IBlockSource"/> over the node's WebSocket endpoint: eth_subscribe newHeads and the contract's
/// logs on one connection, read as the node sends them.
/// </summary>
public sealed class WebSocketBlockSource(ChainDecoder decode, Deployment deployment, IOptions<ChainOptions> options,
    ResiliencePipelineProvider<string> resilience) : IBlockSource
{
    private const int ReceiveBufferBytes = 64 * 1024;

    /// <summary>The connect is timed like any request that should answer at once.</summary>
    private readonly ResiliencePipeline _connect = resilience.GetPipeline(ChainResilience.Request);

    public async IAsyncEnumerable<ChainPush> SubscribeBlocksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var url = options.Value.EffectiveWebSocketUrl() ?? throw new NotSupportedException("Chain:WebSocketUrl is off.");
        using var socket = new ClientWebSocket();
        try
        {
            await _connect.ExecuteAsync(static (state, token) => new ValueTask(state.socket.ConnectAsync(state.url, token)), (socket, url), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw new ChainUnavailableException($"The node's WebSocket endpoint did not answer: {e.Message}", e);
        }

        await SendAsync(socket, new JsonRpcRequest(1, "eth_subscribe", ["newHeads"]), ct);
        await SendAsync(socket, new JsonRpcRequest(2, "eth_subscribe",
        [
            "logs",
            new
            {
                address = deployment.ContractAddress,
                topics = new object[] { ChainDecoder.IndexedTopics },
            },
        ]), ct);
        string? heads = null, logs = null;
        var buffer = new byte[ReceiveBufferBytes];
        using var message = new MemoryStream();
        while (!ct.IsCancellationRequested)
        {
            message.SetLength(0);
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, ct);
                if (received.MessageType == WebSocketMessageType.Close)
                    throw new ChainUnavailableException("The node closed its WebSocket.");
                message.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);

            using var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
            var root = document.RootElement;
            if (root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number)
            {
                // The answers to the two eth_subscribe calls.
                if (!root.TryGetProperty("result", out var subscription))
                    throw new NotSupportedException($"The node refused eth_subscribe: {(root.TryGetProperty("error", out var error) ? error.ToString() : root.ToString())}");
                if (id.GetInt32() == 1) heads = subscription.GetString();
                else logs = subscription.GetString();
                if (heads is not null && logs is not null) yield return new PushesStarted();
                continue;
            }
            if (!root.TryGetProperty("params", out var pushed) || !pushed.TryGetProperty("result", out var result)) continue;
            var from = pushed.GetProperty("subscription").GetString();
            if (from == heads) yield return decode.PushedHeader(result);
            else if (from == logs && decode.Log(result) is { } log) yield return new PushedLog(log, ChainDecoder.IsRemoved(result));
        }
    }

    private static Task SendAsync(ClientWebSocket socket, JsonRpcRequest request, CancellationToken ct) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), WebSocketMessageType.Text, true, ct);
}
