namespace DigitalCollections.Api.Indexing;

/// <summary>
/// The chain index that provenance, listings and verification read from: the block feed and the indexer, the
/// read-only status the tracker, the finalizer and readiness watch, and the reads.
/// </summary>
public static class IndexingFeature
{
    public static IHostApplicationBuilder AddIndexing(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<IndexingOptions>(builder.Configuration.GetSection(IndexingOptions.SectionName));
        // Only the indexer writes the status; everyone else gets the read-only view.
        services.AddSingleton<IndexStatus.Writer>();
        services.AddSingleton(sp => sp.GetRequiredService<IndexStatus.Writer>().Status);
        services.AddSingleton<WriteWatermark>();
        services.AddSingleton<ChainResetCheck>();
        services.AddHostedService<ChainIndexer>();
        services.AddScoped<IndexReads>();
        return builder;
    }
}
