namespace DigitalCollections.Api.Idempotency;

/// <summary>Idempotency-Key on writes: the middleware that replays a stored answer, and the sweeper of old keys.</summary>
public static class IdempotencyFeature
{
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IdempotencyOptions>()
            .Bind(builder.Configuration.GetSection(IdempotencyOptions.SectionName))
            .Validate(o => o.RetentionHours >= IdempotencyOptions.MinimumRetentionHours,
                $"Idempotency:RetentionHours must be at least {IdempotencyOptions.MinimumRetentionHours}: clients may retry for a day.")
            .ValidateOnStart();
        services.AddSingleton<IdempotencyKeySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyKeySweeper>());
        return builder;
    }

    public static WebApplication UseIdempotency(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
