namespace DigitalCollections.Api.Transfers;

/// <summary>Transferring a work to a new owner.</summary>
public static class TransfersFeature
{
    /// <summary>POST /works/{tokenId}/transfers, under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapTransfers(this IEndpointRouteBuilder api)
    {
        api.MapTransferWork();
        return api;
    }
}
