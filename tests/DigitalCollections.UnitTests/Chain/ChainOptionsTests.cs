using DigitalCollections.Api.Chain;

namespace DigitalCollections.UnitTests.Chain;

public class ChainOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8545", null, "ws://127.0.0.1:8545/")]
    [InlineData("https://node.example/rpc/key", null, "wss://node.example/rpc/key")]
    [InlineData("http://127.0.0.1:8545", "ws://other:8546", "ws://other:8546/")]
    [InlineData("http://127.0.0.1:8545", "off", null)]
    [InlineData("http://127.0.0.1:8545", "OFF", null)]
    [InlineData("ipc:///tmp/geth.ipc", null, null)]
    public void The_WebSocket_URL_follows_the_RPC_URL_unless_set_or_off(string rpc, string? configured, string? expected)
    {
        var options = new ChainOptions { RpcUrl = rpc, WebSocketUrl = configured };
        Assert.Equal(expected, options.EffectiveWebSocketUrl()?.ToString());
    }
}
