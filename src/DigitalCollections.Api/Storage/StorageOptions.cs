namespace DigitalCollections.Api.Storage;

/// <summary>Where data lives (section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Content files, and the SQLite database unless another store is configured. Relative paths resolve against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Largest accepted upload, in bytes (default 25 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// Files up to this size are kept in the database rather than as files (default 64 KiB; 0: always files).
    /// A row costs far less than a new file on most file systems, and instances sharing PostgreSQL share them.
    /// </summary>
    public int DatabaseContentMaxBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// SQLite only: past this size (default 1 GiB, at least <see cref="MinSqliteLogMegabytes"/>) the write-ahead log
    /// is rewound, which holds the writers back for tens of milliseconds each time; a smaller bound saves disk and
    /// rewinds more often (see <see cref="Data.SqliteCheckpointer"/>).
    /// </summary>
    public int SqliteLogMaxMegabytes { get; set; } = 1024;

    public const int MinSqliteLogMegabytes = 16;

    /// <summary>
    /// The database: <see cref="StorageProviders.Sqlite"/> (default: one file in <see cref="DataDirectory"/>,
    /// one API instance) or <see cref="StorageProviders.Postgres"/> (<see cref="ConnectionString"/> required;
    /// several API instances may share the database). Case-insensitive.
    /// </summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>
    /// The provider's ADO.NET connection string. Optional for SQLite (default: digitalcollections.db in
    /// <see cref="DataDirectory"/>); required for PostgreSQL, e.g. "Host=db;Database=dc;Username=dc;Password=…".
    /// Never logged as given: it may hold a password.
    /// </summary>
    public string? ConnectionString { get; set; }

    public string ResolveDataDirectory(string contentRoot) => Path.GetFullPath(DataDirectory, contentRoot);

    public bool IsPostgres => StorageProviders.IsPostgres(Provider);
}
