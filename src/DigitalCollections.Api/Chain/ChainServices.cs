namespace DigitalCollections.Api.Chain;

/// <summary>The chain layer's services: one JSON-RPC transport, and the role interfaces the features use.</summary>
public static class ChainServices
{
    /// <summary>Needs <see cref="Deployment"/>, <see cref="ChainOptions"/> and a <see cref="TimeProvider"/> registered.</summary>
    public static IServiceCollection AddChain(this IServiceCollection services)
    {
        // No client timeout: each request sets its own (RpcWait). No request logging: the lanes and the index
        // send thousands of requests a second under load.
        services.AddHttpClient(JsonRpcTransport.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<JsonRpcTransport>();
        services.AddSingleton<ChainDecoder>();
        services.AddSingleton<IChainReader, ChainReader>();
        services.AddSingleton<IContractReader, ContractReader>();
        services.AddSingleton<IBlockSource, WebSocketBlockSource>();
        services.AddSingleton<IRelayer, Relayer>();
        services.AddSingleton<ITransactionSender, TransactionSender>();
        return services;
    }
}
