using System.Diagnostics;
using System.Net;
using System.Text;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>
/// The API as its own operating-system process (the built dll), for tests that must kill it abruptly:
/// no graceful shutdown, no finally blocks, exactly what a crash or an OOM kill leaves behind.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Url { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public AnswerLog Answers { get; } = new();

    /// <summary>A client whose answers are checked against the OpenAPI document when this process is disposed.</summary>
    public HttpClient CreateClient() => new(Answers.Recorder(new SocketsHttpHandler())) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Starts the API dll of the same build configuration as these tests and waits until it is ready; from the
    /// dll's folder unless <paramref name="workingDirectory"/> says otherwise.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string rpcUrl, string deploymentFile, string dataDirectory,
        IReadOnlyDictionary<string, string>? settings = null, string? workingDirectory = null)
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var start = new ProcessStartInfo("dotnet", [ApiDll, "--urls", url])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Chain__RpcUrl"] = rpcUrl;
        start.Environment["Chain__DeploymentFile"] = deploymentFile;
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in ApiFactory.UnreachedRateLimits.Concat(TestStore.SettingsFor(dataDirectory)).Concat(settings ?? new Dictionary<string, string>()))
            start.Environment[key.Replace(":", "__")] = value;
        var api = new ApiProcess(Process.Start(start)!, url);
        try
        {
            await api.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
            // Now, while it runs: a test may kill it before its answers are checked.
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await OpenApiContract.CurrentAsync(() => http.GetStringAsync(OpenApiContract.DocumentPath));
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
        return api;
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private static string ApiDll
    {
        get
        {
            // Same configuration as the running tests (bin/<Configuration>/net10.0).
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var dll = Path.Combine(RepositoryPaths.Root, "src", "DigitalCollections.Api", "bin", configuration, "net10.0", "DigitalCollections.Api.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the API first", dll);
        }
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("The API exited:\n" + Output);
            try
            {
                if ((await http.GetAsync(Url + "/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The API did not start:\n" + Output);
            await Task.Delay(100);
        }
    }


    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        var answers = Answers.TakeUnchecked();
        if (answers.Count == 0) return;
        var contract = await OpenApiContract.CurrentAsync(() => throw new InvalidOperationException("no document fetched"));
        try
        {
            contract.AssertAgrees(answers, $"the API process at {Url}");
        }
        catch (OpenApiMismatchException mismatch)
        {
            // The process is gone: what it logged as failed is the only trace of why it answered so.
            throw new OpenApiMismatchException(mismatch.Message + "\nThe API logged:\n" + FailureLog(Output));
        }
    }

    /// <summary>The process's "fail:" and "crit:" log entries with their indented continuation lines.</summary>
    internal static string FailureLog(string output)
    {
        var lines = new List<string>();
        var inFailure = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("fail:") || line.StartsWith("crit:")) inFailure = true;
            else if (!line.StartsWith(' ')) inFailure = false;
            if (inFailure && lines.Count < 200) lines.Add(line.TrimEnd('\r'));
        }
        return lines.Count == 0 ? "(nothing)" : string.Join('\n', lines);
    }
}
