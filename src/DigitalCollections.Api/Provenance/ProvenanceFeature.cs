namespace DigitalCollections.Api.Provenance;

/// <summary>A work's history of owners, from the index.</summary>
public static class ProvenanceFeature
{
    /// <summary>GET /works/{tokenId}/provenance, under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapProvenance(this IEndpointRouteBuilder api)
    {
        api.MapGetProvenance();
        return api;
    }
}
