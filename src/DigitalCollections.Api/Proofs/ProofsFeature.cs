namespace DigitalCollections.Api.Proofs;

/// <summary>Proof bundles: a work's facts with the Merkle proofs that tie them to a block hash.</summary>
public static class ProofsFeature
{
    public static IHostApplicationBuilder AddProofs(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ProofOptions>(builder.Configuration.GetSection(ProofOptions.SectionName));
        builder.Services.AddSingleton<ProofCache>();
        builder.Services.AddSingleton<ProofBatcher>();
        builder.Services.AddSingleton<WorkProofBuilder>();
        return builder;
    }

    /// <summary>/works/{tokenId}/proof, under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapProofs(this IEndpointRouteBuilder api)
    {
        api.MapGetWorkProof();
        return api;
    }
}
