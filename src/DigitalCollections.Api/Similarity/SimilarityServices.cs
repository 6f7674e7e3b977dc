namespace DigitalCollections.Api.Similarity;

/// <summary>Composition of the similarity feature: options, the in-memory index and what keeps it filled.</summary>
public static class SimilarityServices
{
    public static IHostApplicationBuilder AddSimilarity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<SimilarityOptions>(configuration.GetSection(SimilarityOptions.SectionName));
        services.AddSingleton<SimilarityIndex>();
        services.AddSingleton(new WorkCodeGenerator());
        services.AddSingleton<SimilarityIndexRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<SimilarityIndexRefresher>());
        services.AddScoped<SimilarityBackfill>();
        services.AddScoped<SimilarWorks>();
        return builder;
    }
}
