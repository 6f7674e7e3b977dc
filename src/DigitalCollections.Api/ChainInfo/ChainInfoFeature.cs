namespace DigitalCollections.Api.ChainInfo;

/// <summary>What the API tells about the chain it serves: its identity, the index's progress, the chain's clock, readiness.</summary>
public static class ChainInfoFeature
{
    public static IHostApplicationBuilder AddChainInfo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChainClock>(); // the chain's latest block time, from the index
        builder.Services.AddHealthChecks()
            .AddCheck<ChainReadinessCheck>("chain", tags: ["ready"])
            .AddCheck<IndexReadinessCheck>("index", tags: ["ready"])
            .AddCheck<ChainClockCheck>("chainClock", tags: ["ready"]);
        return builder;
    }

    /// <summary>GET /chain, under <paramref name="api"/> (the /api/v1 group). Health is at the root: <see cref="GetHealthEndpoint.MapHealth"/>.</summary>
    public static IEndpointRouteBuilder MapChainInfo(this IEndpointRouteBuilder api)
    {
        api.MapGetChainInfo();
        return api;
    }
}
