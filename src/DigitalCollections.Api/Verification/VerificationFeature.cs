namespace DigitalCollections.Api.Verification;

/// <summary>Checking a file, a hash or an ISCC against the registered works.</summary>
public static class VerificationFeature
{
    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<VerificationLookup>();
        return builder;
    }

    /// <summary>POST /verifications, GET /verifications/{contentHash} and /verifications/similar, under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder api)
    {
        api.MapVerifyByFile();
        api.MapVerifyByHash();
        api.MapFindSimilar();
        return api;
    }
}
