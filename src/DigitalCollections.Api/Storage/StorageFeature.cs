using DigitalCollections.Api.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DigitalCollections.Api.Storage;

/// <summary>
/// The data folder, the upload limits, the content store and the database: SQLite in the data folder, or
/// PostgreSQL with Storage:Provider=Postgres (see Data/AppDatabase.cs), with the leader lease.
/// </summary>
public static class StorageFeature
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(StorageOptions.SectionName);
        services.Configure<StorageOptions>(section);
        var storage = section.Get<StorageOptions>() ?? new StorageOptions();
        var dataDirectory = storage.ResolveDataDirectory(Directory.GetCurrentDirectory());
        Directory.CreateDirectory(dataDirectory);
        services.AddSingleton(new DataDirectory(dataDirectory));

        // Uploads: the limit is enforced while reading, before anything is hashed or stored.
        var bodyLimit = storage.MaxUploadBytes + 1024 * 1024;
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = bodyLimit);
        services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = bodyLimit);

        services.AddSingleton(new ContentStore(dataDirectory, storage.DatabaseContentMaxBytes));
        services.AddHostedService<OrphanContentSweeper>(); // bytes a crash left without a work or a mint in flight
        services.AddAppDatabase(storage, dataDirectory);
        return builder;
    }
}
