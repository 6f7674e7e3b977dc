namespace DigitalCollections.Api.Works;

/// <summary>Registering works and reading them back: details, file, token metadata, listings.</summary>
public static class WorksFeature
{
    /// <summary>The background minting of editions larger than one transaction.</summary>
    public static IHostApplicationBuilder AddWorks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<EditionContinuation>();
        return builder;
    }

    /// <summary>/works, /works/{tokenId}, /works/{tokenId}/content, /works/{tokenId}/edition and /metadata/{tokenId}, under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapWorks(this IEndpointRouteBuilder api)
    {
        api.MapRegisterWork();
        api.MapGetWork();
        api.MapGetWorkContent();
        api.MapGetMetadata();
        api.MapListWorks();
        api.MapListEditionTokens();
        return api;
    }
}
