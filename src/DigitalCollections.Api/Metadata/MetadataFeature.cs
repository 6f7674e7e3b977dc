namespace DigitalCollections.Api.Metadata;

/// <summary>Creator-signed changes of a work's title and description (ERC-4906 announcements), and their history.</summary>
public static class MetadataFeature
{
    /// <summary>POST /works/{tokenId}/metadata under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapMetadata(this IEndpointRouteBuilder api)
    {
        api.MapChangeMetadata();
        return api;
    }
}
