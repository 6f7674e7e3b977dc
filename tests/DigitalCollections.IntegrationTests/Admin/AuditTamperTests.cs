using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Admin;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Admin;

/// <summary>
/// The audit trail read past the API: a row edited or deleted in the database makes GET /audit report the chain
/// broken at that row. Each test has its own API and database (the shared one's trail must stay whole).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class AuditTamperTests(PipelineFixture fixture)
{
    // No first-start key: the trail's rows are the test's own.
    private ApiFactory NewApi(IReadOnlyDictionary<string, string>? settings = null) =>
        new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory(),
            new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Admin:FirstStartKey"] = "false" });

    private static async Task<JsonElement> AuditAsync(HttpClient http, string key)
    {
        var response = await http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit?limit=2", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>An API whose trail holds: 1 relayers at start, 2–4 keys created.</summary>
    private static async Task<string> FourRowsAsync(ApiFactory api)
    {
        var auditor = await api.CreateAdminKeyAsync(AdminScopes.Audit, AdminScopes.Keys);
        await api.CreateAdminKeyAsync(AdminScopes.Operator);
        await api.CreateAdminKeyAsync(AdminScopes.Webhooks);
        return auditor.ApiKey;
    }

    [Fact]
    public async Task An_edited_row_fails_the_check_at_that_row()
    {
        await using var api = NewApi();
        var key = await FourRowsAsync(api);
        var http = api.CreateClient();
        var whole = await AuditAsync(http, key);
        Assert.True(whole.GetProperty("verified").GetBoolean());
        Assert.Equal(4, whole.GetProperty("checkedEntries").GetInt64());
        Assert.Equal(2, whole.GetProperty("entries").GetArrayLength());
        Assert.Equal(2, whole.GetProperty("next").GetInt64());
        var second = await http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit?after=2&limit=2", key);
        var secondPage = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([3L, 4L], secondPage.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("next").ValueKind);

        await using (var db = PipelineFixture.OpenDatabase(api.DataDirectory))
            await db.AuditEntries.Where(e => e.Sequence == 3)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Details, "{\"keyId\":\"0000000000000000\"}"));

        var broken = await AuditAsync(http, key);
        Assert.False(broken.GetProperty("verified").GetBoolean());
        Assert.Equal(3, broken.GetProperty("firstBadSequence").GetInt64());
        Assert.Contains("changed", broken.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task A_deleted_row_fails_the_check_at_the_gap()
    {
        await using var api = NewApi();
        var key = await FourRowsAsync(api);
        await using (var db = PipelineFixture.OpenDatabase(api.DataDirectory))
            await db.AuditEntries.Where(e => e.Sequence == 2).ExecuteDeleteAsync();

        var broken = await AuditAsync(api.CreateClient(), key);
        Assert.False(broken.GetProperty("verified").GetBoolean());
        Assert.Equal(3, broken.GetProperty("firstBadSequence").GetInt64());
        Assert.Contains("missing", broken.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Account_creation_restricted_by_configuration_needs_accounts_create()
    {
        await using var api = NewApi(new Dictionary<string, string> { ["Admin:AccountCreationRequiresKey"] = "true" });
        var http = api.CreateClient();
        var open = await http.PostAsJsonAsync("/api/v1/accounts", new { name = "Nobody" });
        var problem = await ApiClient.AssertProblemAsync(open, HttpStatusCode.Unauthorized, "authorization");
        Assert.EndsWith("required scope: accounts:create", problem.GetProperty("detail").GetString());

        var creator = await api.CreateAdminKeyAsync(AdminScopes.AccountsCreate);
        var created = await http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/accounts", creator.ApiKey, JsonContent.Create(new { name = "Admitted" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task The_command_line_makes_a_key_shown_once_that_the_api_accepts()
    {
        var data = fixture.NewDataDirectory();
        var (exit, output, error) = await RunCliAsync(data, "admin-key", "create", "--scopes", "audit,keys", "--name", "ops");
        Assert.True(exit == 0, error + output);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("dca_", StringComparison.Ordinal));
        var (badExit, _, badError) = await RunCliAsync(data, "admin-key", "create", "--scopes", "root");
        Assert.Equal(2, badExit);
        Assert.Contains("root", badError);

        await using var api = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data,
            new Dictionary<string, string> { ["Admin:FirstStartKey"] = "false" });
        var http = api.CreateClient();
        var audit = await AuditAsync(http, key);
        Assert.True(audit.GetProperty("verified").GetBoolean());
        var first = audit.GetProperty("entries")[0];
        Assert.Equal(("cli", "admin-key.created"), (first.GetProperty("actor").GetString(), first.GetProperty("action").GetString()));

        var keyId = key.Split('_')[1];
        var (revokeExit, revokeOutput, _) = await RunCliAsync(data, "admin-key", "revoke", keyId);
        Assert.True(revokeExit == 0, revokeOutput);
        var (_, listed, _) = await RunCliAsync(data, "admin-key", "list");
        Assert.Contains(keyId, listed);
        Assert.Contains("revoked", listed);
        Assert.DoesNotContain(key.Split('_', 3)[2], listed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit", key)).StatusCode);
    }

    [Fact]
    public async Task A_first_start_without_admin_keys_shows_one_key_once_and_a_restart_none()
    {
        var data = fixture.NewDataDirectory();
        string key;
        await using (var first = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data))
        {
            var line = first.Output.Split('\n').Single(l => l.Contains("dca_", StringComparison.Ordinal));
            key = line[line.IndexOf("dca_", StringComparison.Ordinal)..].Trim();
            var secret = key.Split('_', 3)[2];
            Assert.Single(first.Output.Split(secret)[1..]); // on the console once; the log line names only its id
            var audit = await AuditAsync(first.CreateClient(), key);
            Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("actor").GetString() == "first-start");
        }
        await using var again = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data);
        Assert.DoesNotContain("dca_", again.Output);
        Assert.Equal(HttpStatusCode.OK, (await again.CreateClient().SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit", key)).StatusCode);
    }

    private async Task<(int Exit, string Output, string Error)> RunCliAsync(string dataDirectory, params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "src", "DigitalCollections.Api", "bin", configuration, "net10.0", "DigitalCollections.Api.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Chain__RpcUrl"] = fixture.Node.RpcUrl;
        start.Environment["Chain__DeploymentFile"] = fixture.Node.DeploymentFile;
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        foreach (var (name, value) in TestStore.SettingsFor(dataDirectory)) start.Environment[name.Replace(":", "__")] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await output, await error);
    }
}
