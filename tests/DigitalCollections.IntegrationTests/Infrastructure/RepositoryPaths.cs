namespace DigitalCollections.IntegrationTests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder holding hardhat.config.js above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "hardhat.config.js"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (hardhat.config.js) above " + AppContext.BaseDirectory);
    }

    public static string Hardhat => Path.Combine(Root, "node_modules", ".bin", "hardhat");
}
