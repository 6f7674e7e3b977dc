using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// The chain: the deployment, one JSON-RPC transport and the role interfaces the features use over it (reader,
/// contract reader, block source, relayer, sender), the retry pipelines, and the check that the node is the deployment's chain.
/// </summary>
public static class ChainFeature
{
    public static IHostApplicationBuilder AddChain(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ChainOptions>(builder.Configuration.GetSection(ChainOptions.SectionName));
        services.AddSingleton(sp => Deployment.Resolve(sp.GetRequiredService<IOptions<ChainOptions>>().Value, Directory.GetCurrentDirectory()));
        // No client timeout: each request is timed by its ChainResilience pipeline (RpcWait). No request logging: the lanes and the index
        // send thousands of requests a second under load.
        services.AddHttpClient(JsonRpcTransport.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<JsonRpcTransport>();
        services.AddChainResilience(); // the requests' timeouts, and the retries and backoffs of the background work that waits for the chain
        services.AddSingleton<ChainDecoder>();
        services.AddSingleton<IChainReader, ChainReader>();
        services.AddSingleton<IContractReader, ContractReader>();
        services.AddSingleton<MetadataNonceReader>(); // metadataNonce, for creator-signed metadata changes
        services.AddSingleton<OperatorReader>(); // roles, pause and minimum hold, for the operator's actions
        services.AddSingleton<IStateProofReader, StateProofReader>();
        services.AddSingleton<IBlockSource, WebSocketBlockSource>();
        services.AddSingleton<IRelayer, Relayer>();
        services.AddSingleton<ITransactionSender, TransactionSender>();
        services.AddSingleton<ChainIdentityGuard>(); // is the node's chain the deployment's? lanes, writes, reads and readiness ask
        return builder;
    }
}
