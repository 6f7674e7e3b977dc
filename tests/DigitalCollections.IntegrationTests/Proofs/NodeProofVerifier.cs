using System.Diagnostics;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Proofs;

/// <summary>Runs scripts/verify-proof.js (the independent JavaScript verifier) on a bundle, as a collector would.</summary>
internal static class NodeProofVerifier
{
    /// <summary>The script's exit code (0: every check held, 1: one failed) and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string bundleJson, string blockHash, params string[] options)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dc-proof-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(file, bundleJson);
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = RepositoryPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine("scripts", "verify-proof.js"), file, "--block-hash", blockHash }.Concat(options))
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
