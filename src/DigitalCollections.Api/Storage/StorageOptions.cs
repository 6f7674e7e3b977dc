namespace DigitalCollections.Api.Storage;

/// <summary>Where data lives (section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>SQLite database and content files. Relative paths resolve against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Largest accepted upload, in bytes (default 25 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Optional EF Core connection string; default is SQLite in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    public string ResolveDataDirectory(string contentRoot) => Path.GetFullPath(DataDirectory, contentRoot);
}
