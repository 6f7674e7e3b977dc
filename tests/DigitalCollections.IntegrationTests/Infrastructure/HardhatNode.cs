using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>A real Hardhat node on a free loopback port, with the contract deployed by scripts/deploy.js.</summary>
public sealed class HardhatNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HardhatNode(Process process, int port, string workDirectory)
    {
        _process = process;
        Port = port;
        WorkDirectory = workDirectory;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public string RpcUrl => $"http://127.0.0.1:{Port}";
    public string WorkDirectory { get; }
    public string DeploymentFile => Path.Combine(WorkDirectory, "deployment.json");

    public static Task<HardhatNode> StartAsync() => StartAsync(LoopbackPorts.Free(), deploy: true);

    /// <summary>A node on <paramref name="port"/>; <paramref name="deploy"/> false leaves it bare (no contract, no transaction).</summary>
    public static async Task<HardhatNode> StartAsync(int port, bool deploy)
    {
        var work = Directory.CreateTempSubdirectory("dc-it-").FullName;
        var start = new ProcessStartInfo(RepositoryPaths.Hardhat, ["node", "--hostname", "127.0.0.1", "--port", port.ToString()])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var node = new HardhatNode(Process.Start(start)!, port, work);
        try
        {
            await node.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));
            if (deploy) await node.DeployAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>A JSON-RPC call, for tests that check the chain directly rather than through the API.</summary>
    public async Task<JsonElement> RpcAsync(string method, params object[] parameters)
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(RpcUrl, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{method} failed: {error}");
        return body.GetProperty("result");
    }

    public async Task<long> BlockNumberAsync() => Convert.ToInt64((await RpcAsync("eth_blockNumber")).GetString(), 16);

    /// <summary>The relayer's transaction count: proves that a refused request sent nothing.</summary>
    public async Task<long> TransactionCountAsync(string address) =>
        Convert.ToInt64((await RpcAsync("eth_getTransactionCount", address, "latest")).GetString(), 16);

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("hardhat node exited:\n" + Output);
            try
            {
                await RpcAsync("eth_chainId");
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private Task DeployAsync() => RunDeployScriptAsync(DeploymentFile);

    /// <summary>Runs scripts/deploy.js against this node, writing <paramref name="deploymentFile"/>; returns what it printed.</summary>
    public async Task<string> RunDeployScriptAsync(string deploymentFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(RepositoryPaths.Hardhat, ["run", "scripts/deploy.js", "--network", "localhost"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DC_RPC_URL"] = RpcUrl;
        start.Environment["DC_DEPLOYMENT_FILE"] = deploymentFile;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var deploy = Process.Start(start)!;
        var stdout = deploy.StandardOutput.ReadToEndAsync();
        var stderr = deploy.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await deploy.WaitForExitAsync(cts.Token);
        if (deploy.ExitCode != 0)
            throw new InvalidOperationException($"deploy failed ({deploy.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// SIGKILL, then a fresh, bare node on the same port: the same URL now serves a new chain (same chain id,
    /// new genesis, no contract). This node's work directory (and the API data folders in it) stays until disposed.
    /// </summary>
    public async Task<HardhatNode> KillAndStartFreshAsync()
    {
        await KillAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await StartAsync(Port, deploy: false);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500); // the port may take a moment to be free again
            }
        }
    }

    private async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
    }


    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        await TestStore.DropUnderAsync(WorkDirectory); // the databases of the API data folders made in it
        try { Directory.Delete(WorkDirectory, recursive: true); } catch (IOException) { }
    }
}
