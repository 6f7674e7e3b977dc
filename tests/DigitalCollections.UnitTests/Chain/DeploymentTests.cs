using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Chain;

public sealed class DeploymentTests : IDisposable
{
    private const string Contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string HardhatKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string OtherKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteDeployment(long chainId, string? fileName = null, object? extra = null)
    {
        var path = _dir.Combine(fileName ?? "deployment.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var doc = new Dictionary<string, object?>
        {
            ["chainId"] = chainId,
            ["contractAddress"] = Contract,
            ["deployBlock"] = 12,
            ["genesisHash"] = "0x" + new string('a', 64),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(doc));
        return path;
    }

    [Fact]
    public void Reads_the_deployment_file_and_uses_the_hardhat_key_on_31337()
    {
        var file = WriteDeployment(31337);

        var d = Deployment.Resolve(new ChainOptions { DeploymentFile = file }, "/nonexistent");

        Assert.Equal(31337, d.ChainId);
        Assert.Equal(Contract, d.ContractAddress);
        Assert.Equal(12, d.DeployBlock);
        Assert.Equal("0x" + new string('a', 64), d.GenesisHash);
        Assert.Equal(HardhatKey0, d.RelayerPrivateKey);
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", ChainKeys.AddressOf(Formats.FromHex(d.RelayerPrivateKey)));
    }

    [Fact]
    public void The_development_pool_is_hardhat_accounts_0_17_18_19_the_ones_deploy_js_grants()
    {
        var d = Deployment.Resolve(new ChainOptions { DeploymentFile = WriteDeployment(31337) }, "/nonexistent");

        Assert.Equal(
            ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E",
             "0xdD2FD4581271e230360230F9337D5c0430Bf44C0", "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199"],
            d.RelayerPrivateKeys.Select(k => ChainKeys.AddressOf(Formats.FromHex(k))));
        // scripts/deploy.js grants MINTER_ROLE to the same accounts by index.
        var deployJs = File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "deploy.js"));
        Assert.Contains("DEVELOPMENT_RELAYER_INDEXES = [0, 17, 18, 19]", deployJs);
    }

    [Fact]
    public void The_development_pool_can_be_narrowed()
    {
        var d = Deployment.Resolve(new ChainOptions { DeploymentFile = WriteDeployment(31337), DevelopmentRelayers = 2 }, "/nonexistent");
        Assert.Equal(2, d.RelayerPrivateKeys.Count);
    }

    [Fact]
    public void Configured_relayer_keys_form_the_pool_in_order()
    {
        var options = new ChainOptions { ContractAddress = Contract, ChainId = 1, RelayerPrivateKey = OtherKey, RelayerPrivateKeys = $" {HardhatKey0} ," };
        var d = Deployment.Resolve(options, _dir.Path);
        Assert.Equal([OtherKey, HardhatKey0], d.RelayerPrivateKeys);
    }

    [Fact]
    public void The_same_relayer_key_twice_is_refused()
    {
        var options = new ChainOptions { ContractAddress = Contract, ChainId = 1, RelayerPrivateKey = OtherKey, RelayerPrivateKeys = OtherKey.ToUpperInvariant().Replace("0X", "0x") };
        var e = Assert.Throws<InvalidOperationException>(() => Deployment.Resolve(options, _dir.Path));
        Assert.Contains("twice", e.Message);
        Assert.DoesNotContain(OtherKey[2..], e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_malformed_key_in_the_pool_is_named_by_position_without_echoing_it()
    {
        var options = new ChainOptions { ContractAddress = Contract, ChainId = 1, RelayerPrivateKeys = $"{OtherKey},0x1234abcd" };
        var e = Assert.Throws<InvalidOperationException>(() => Deployment.Resolve(options, _dir.Path));
        Assert.Contains("#2", e.Message);
        Assert.DoesNotContain("1234abcd", e.Message);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DigitalCollections.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void A_relative_deployment_file_resolves_against_the_content_root()
    {
        WriteDeployment(31337, Path.Combine("deployments", "localhost.json"));
        var d = Deployment.Resolve(new ChainOptions(), _dir.Path); // default: deployments/localhost.json
        Assert.Equal(Contract, d.ContractAddress);
    }

    [Fact]
    public void A_file_without_deploy_block_and_genesis_defaults_them()
    {
        var file = _dir.Combine("min.json");
        File.WriteAllText(file, $$"""{"chainId":31337,"contractAddress":"{{Contract}}"}""");
        var d = Deployment.Resolve(new ChainOptions { DeploymentFile = file }, _dir.Path);
        Assert.Equal(0, d.DeployBlock);
        Assert.Null(d.GenesisHash);
    }

    [Fact]
    public void A_missing_file_without_an_address_says_what_to_do()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Deployment.Resolve(new ChainOptions { DeploymentFile = _dir.Combine("missing.json") }, _dir.Path));
        Assert.Contains("Chain__ContractAddress", e.Message);
        Assert.Contains("missing.json", e.Message);
    }

    [Fact]
    public void Another_chain_without_a_key_is_refused_naming_the_setting()
    {
        var file = WriteDeployment(11155111);
        var e = Assert.Throws<InvalidOperationException>(() => Deployment.Resolve(new ChainOptions { DeploymentFile = file }, _dir.Path));
        Assert.Contains("Chain__RelayerPrivateKey", e.Message);
        Assert.Contains("11155111", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_key_on_another_chain_is_refused(string key)
    {
        var options = new ChainOptions { ContractAddress = Contract, ChainId = 1, RelayerPrivateKey = key };
        var e = Assert.Throws<InvalidOperationException>(() => Deployment.Resolve(options, _dir.Path));
        Assert.Contains("Chain__RelayerPrivateKey", e.Message);
    }

    [Fact]
    public void The_hardhat_chain_id_from_configuration_overrides_the_file()
    {
        // The dev key follows the chain id actually used, not the one in the file.
        var file = WriteDeployment(31337);
        var e = Assert.Throws<InvalidOperationException>(() =>
            Deployment.Resolve(new ChainOptions { DeploymentFile = file, ChainId = 1 }, _dir.Path));
        Assert.Contains("Chain__RelayerPrivateKey", e.Message);
    }

    [Theory]
    [InlineData(OtherKey)]
    [InlineData("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")]
    public void A_configured_key_is_used_on_any_chain(string key)
    {
        var file = WriteDeployment(1);
        var d = Deployment.Resolve(new ChainOptions { DeploymentFile = file, RelayerPrivateKey = key }, _dir.Path);
        Assert.Equal(key, d.RelayerPrivateKey);
        Assert.Equal(1, d.ChainId);
    }

    [Theory]
    [InlineData("0xnot-a-key-but-a-secret-password-1234567890abcdef")]
    [InlineData("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690")]   // 63 digits
    [InlineData("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d0")] // 65 digits
    [InlineData("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690z")]
    public void A_malformed_key_is_refused_without_echoing_it(string key)
    {
        var file = WriteDeployment(31337);
        var e = Assert.Throws<InvalidOperationException>(() =>
            Deployment.Resolve(new ChainOptions { DeploymentFile = file, RelayerPrivateKey = key }, _dir.Path));
        Assert.Contains("Chain__RelayerPrivateKey", e.Message);
        Assert.DoesNotContain(key, e.Message);
        Assert.DoesNotContain(key[2..20], e.Message);
    }

    [Fact]
    public void ToString_never_contains_the_key()
    {
        var file = WriteDeployment(1);
        var d = Deployment.Resolve(new ChainOptions { DeploymentFile = file, RelayerPrivateKey = OtherKey }, _dir.Path);
        var text = d.ToString();
        Assert.DoesNotContain(OtherKey[2..], text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Contract, text);
        Assert.DoesNotContain(HardhatKey0[2..], Deployment.Resolve(new ChainOptions { DeploymentFile = WriteDeployment(31337, "dev.json") }, _dir.Path).ToString());
        // String interpolation and logging go through ToString too.
        Assert.DoesNotContain(OtherKey[2..], $"{d}", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Address_and_chain_id_from_configuration_need_no_file()
    {
        var options = new ChainOptions
        {
            DeploymentFile = _dir.Combine("does-not-exist.json"),
            ContractAddress = Contract,
            ChainId = 31337,
            DeployBlock = 5,
        };
        var d = Deployment.Resolve(options, _dir.Path);
        Assert.Equal(31337, d.ChainId);
        Assert.Equal(Contract, d.ContractAddress);
        Assert.Equal(5, d.DeployBlock);
        Assert.Null(d.GenesisHash);
        Assert.Equal(HardhatKey0, d.RelayerPrivateKey);
    }

    [Fact]
    public void A_configured_address_needs_a_chain_id()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Deployment.Resolve(new ChainOptions { ContractAddress = Contract, DeploymentFile = _dir.Combine("x.json") }, _dir.Path));
        Assert.Contains("Chain__ChainId", e.Message);
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("5FbDB2315678afecb367f032d93F642f64180aa3")]
    public void A_malformed_contract_address_is_refused(string address)
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Deployment.Resolve(new ChainOptions { ContractAddress = address, ChainId = 31337 }, _dir.Path));
        Assert.Contains(address, e.Message);
    }

    [Fact]
    public void Key_identifies_chain_contract_and_genesis()
    {
        var a = new Deployment(31337, Contract, 0, "0xabc", [HardhatKey0]);
        Assert.Equal($"31337:{Contract.ToLowerInvariant()}:0xabc", a.Key);
        Assert.NotEqual(a.Key, (a with { GenesisHash = "0xdef" }).Key);
        Assert.Equal($"1:{Contract.ToLowerInvariant()}:-", new Deployment(1, Contract, 0, null, [OtherKey]).Key);
    }
}
