namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>Finds files of the repository (the folder holding hardhat.config.js) from the test's bin folder.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "hardhat.config.js"))) return dir.FullName;
        }
        throw new InvalidOperationException(
            $"No hardhat.config.js found above {AppContext.BaseDirectory}: the unit tests must run inside the repository.");
    }
}
