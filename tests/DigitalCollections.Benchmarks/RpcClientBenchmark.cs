using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Polly.Registry;

namespace DigitalCollections.Benchmarks;

/// <summary>
/// The API's cost per JSON-RPC call on its two hot paths, the index's eth_getLogs of a dense range and a
/// lane's eth_sendRawTransaction: the API's transport and decoder beside Nethereum's RpcClient and event
/// decoding, both against the same canned answers in memory, so only the client's own work is timed.
/// </summary>
internal sealed class RpcClientBenchmark(Report report)
{
    private const int LogsPerRange = 1_000;
    private static readonly Deployment Deployment = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, "0xgenesis", []);

    public void Run() => RunAsync().GetAwaiter().GetResult();

    private async Task RunAsync()
    {
        var node = new CannedNode(LogsAnswer(), "\"0x" + new string('a', 64) + "\"");
        var transport = new JsonRpcTransport(node, Options.Create(new ChainOptions { RpcUrl = "http://node.bench/" }),
            new ServiceCollection().AddSingleton(TimeProvider.System).AddChainResilience().BuildServiceProvider()
                .GetRequiredService<ResiliencePipelineProvider<string>>());
        var reader = new ChainReader(transport, new ChainDecoder(Deployment), Deployment);
        var sender = new TransactionSender(transport);
        var web3 = new Web3(new RpcClient(new Uri("http://node.bench/"), node.CreateClient("")));
        var signed = new SignedTransaction(Deployment.ContractAddress, 0, "0x" + new string('f', 400), "0x" + new string('a', 64));
        var filter = new NewFilterInput
        {
            Address = [Deployment.ContractAddress],
            FromBlock = new BlockParameter(new HexBigInteger(1)),
            ToBlock = new BlockParameter(new HexBigInteger(1_000)),
        };

        Report.Progress($"eth_getLogs of {LogsPerRange:N0} logs and eth_sendRawTransaction, API transport and Nethereum");
        var ours = await MeasureAsync(200, async () => await reader.GetContractLogsAsync(1, 1_000, CancellationToken.None));
        var theirs = await MeasureAsync(200, async () =>
        {
            var logs = await web3.Eth.Filters.GetLogs.SendRequestAsync(filter);
            _ = logs.DecodeAllEvents<TransferEventDto>();
        });
        report.Add($"eth_getLogs of {LogsPerRange:N0} Transfer logs, decoded: API transport vs Nethereum (µs, KiB per call)",
            $"{ours.Micros:N0} µs, {ours.KiB:N0} KiB vs {theirs.Micros:N0} µs, {theirs.KiB:N0} KiB ({theirs.Micros / ours.Micros:0.0}×)");

        var send = await MeasureAsync(5_000, () => sender.SendRawAsync(signed, CancellationToken.None));
        var nethereumSend = await MeasureAsync(5_000, async () => await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed.RawTransaction));
        report.Add("eth_sendRawTransaction: API transport vs Nethereum (µs, KiB per call)",
            $"{send.Micros:N1} µs, {send.KiB:N1} KiB vs {nethereumSend.Micros:N1} µs, {nethereumSend.KiB:N1} KiB ({nethereumSend.Micros / send.Micros:0.0}×)");
    }

    private static async Task<(double Micros, double KiB)> MeasureAsync(int calls, Func<Task> call)
    {
        for (var i = 0; i < calls / 10 + 5; i++) await call(); // past the JIT's first tiers
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++) await call();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalMicroseconds / calls, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / calls);
    }

    private static string LogsAnswer()
    {
        var topic = Nethereum.Contracts.ABITypedRegistry.GetEvent<TransferEventDto>().Sha3Signature;
        var logs = Enumerable.Range(0, LogsPerRange).Select(i => new
        {
            address = Deployment.ContractAddress.ToLowerInvariant(),
            topics = new[] { "0x" + topic, "0x" + (i % 50).ToString("x64"), "0x" + (i % 70 + 1).ToString("x64"), "0x" + (i + 1).ToString("x64") },
            data = "0x",
            blockNumber = "0x" + (i + 1).ToString("x"),
            blockHash = "0x" + (i + 1).ToString("x64"),
            transactionHash = "0x" + (i + 7).ToString("x64"),
            transactionIndex = "0x0",
            logIndex = "0x0",
            removed = false,
        });
        return JsonSerializer.Serialize(logs);
    }

    /// <summary>Answers eth_getLogs and eth_sendRawTransaction with canned results, echoing the request's id.</summary>
    private sealed class CannedNode(string logs, string sent) : HttpMessageHandler, IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            using var body = JsonDocument.Parse(await request.Content!.ReadAsStreamAsync(ct));
            var id = body.RootElement.GetProperty("id").GetRawText();
            var result = body.RootElement.GetProperty("method").GetString() == "eth_getLogs" ? logs : sent;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{result}}}", Encoding.UTF8, "application/json"),
            };
        }
    }
}
