using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// The chain: the deployment, the gateway every read and write goes through, and the check that the node is the
/// deployment's chain.
/// </summary>
public static class ChainFeature
{
    public static IHostApplicationBuilder AddChain(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ChainOptions>(builder.Configuration.GetSection(ChainOptions.SectionName));
        services.AddSingleton(sp => Deployment.Resolve(sp.GetRequiredService<IOptions<ChainOptions>>().Value, Directory.GetCurrentDirectory()));
        services.AddSingleton<IChainGateway, NethereumChainGateway>();
        services.AddSingleton<ChainIdentityGuard>(); // is the node's chain the deployment's? lanes, writes, reads and readiness ask
        return builder;
    }
}
