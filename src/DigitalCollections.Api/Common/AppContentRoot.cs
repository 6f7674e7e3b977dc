namespace DigitalCollections.Api.Common;

/// <summary>
/// Where the host reads appsettings.json from. The host's default is the working directory, and
/// scripts/start.sh runs the dll from the repository root, where there is none: the settings (log levels
/// among them) were silently not read. The build puts a copy beside the dll, which is read instead.
/// Relative paths in the settings (Storage:DataDirectory, Chain:DeploymentFile) still resolve against the
/// working directory.
/// </summary>
public static class AppContentRoot
{
    public const string SettingsFile = "appsettings.json";

    /// <summary>
    /// The content root to use, or null for the host's default: when the working directory holds the settings
    /// (dotnet run in the project folder), or a content root was given (--contentRoot, ASPNETCORE_CONTENTROOT,
    /// DOTNET_CONTENTROOT; WebApplicationFactory passes one).
    /// </summary>
    public static string? Choose(string[] args, string workingDirectory, string appDirectory, Func<string, string?> environment)
    {
        var given = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT")) || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT"));
        if (given || File.Exists(Path.Combine(workingDirectory, SettingsFile))) return null;
        return File.Exists(Path.Combine(appDirectory, SettingsFile)) ? appDirectory : null;
    }
}
