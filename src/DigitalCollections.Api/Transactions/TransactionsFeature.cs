namespace DigitalCollections.Api.Transactions;

/// <summary>The write path: relayer lanes, the outbox, the confirmation tracker and the finalizer.</summary>
public static class TransactionsFeature
{
    public static IHostApplicationBuilder AddTransactions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<FeeCache>();
        services.AddSingleton<TransactionWaiters>();
        services.AddSingleton<TransactionFinalizer>();
        services.AddSingleton<ConfirmationTracker>();
        services.AddSingleton<TransactionPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<TransactionPipeline>());
        services.AddScoped<TransactionAwaiter>();
        return builder;
    }

    /// <summary>GET /transactions/{id}, under <paramref name="api"/> (the /api/v1 group).</summary>
    public static IEndpointRouteBuilder MapTransactions(this IEndpointRouteBuilder api)
    {
        api.MapGetTransaction();
        return api;
    }
}
