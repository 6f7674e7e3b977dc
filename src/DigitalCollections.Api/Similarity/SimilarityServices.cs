using Microsoft.Extensions.Options;
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
        // On SQLite this process is the only one writing work rows: registrations need not poll the store for others'.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SimilarityIndexRefresher>(sp,
            !sp.GetRequiredService<IOptions<Storage.StorageOptions>>().Value.IsPostgres));
        services.AddHostedService(sp => sp.GetRequiredService<SimilarityIndexRefresher>());
        services.AddScoped<SimilarityBackfill>();
        services.AddScoped<SimilarWorks>();
        return builder;
    }
}
