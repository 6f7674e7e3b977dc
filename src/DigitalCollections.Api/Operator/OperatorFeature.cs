namespace DigitalCollections.Api.Operator;

/// <summary>
/// The operator's on-chain actions (docs/admin-keys.md): pause, unpause, freeze, unfreeze, minimum hold. Scope
/// operator, audited, sent from the relayer holding the contract role through the outbox like every write.
/// </summary>
public static class OperatorFeature
{
    public static IHostApplicationBuilder AddOperator(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OperatorRelayers>();
        builder.Services.AddScoped<OperatorWriter>();
        return builder;
    }

    /// <summary>/admin/collection/… and /admin/tokens/{tokenId}/… under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapOperator(this IEndpointRouteBuilder api)
    {
        api.MapPauseCollection();
        api.MapFreezeToken();
        api.MapUnfreezeToken();
        api.MapSetMinimumHold();
        return api;
    }
}
