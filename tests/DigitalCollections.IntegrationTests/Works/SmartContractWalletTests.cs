using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.IntegrationTests.Infrastructure;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Works;

/// <summary>ERC-1271 wallets as creators and owners through the API: the contract's SignatureChecker decides.</summary>
[Collection(ChainCollection.Name)]
public sealed class SmartContractWalletTests(ChainFixture fixture)
{
    // Hardhat's fifth well-known account pays for deploying the wallet; it plays no other role.
    private const string DeployerKey = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private async Task<string> DeployWalletOwnedByAsync(string owner)
    {
        var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root,
            "artifacts", "contracts", "test", "MockERC1271Wallet.sol", "MockERC1271Wallet.json"))).RootElement;
        var web3 = new Web3(new Account(DeployerKey, 31337), fixture.Node.RpcUrl);
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            artifact.GetProperty("abi").GetRawText(), artifact.GetProperty("bytecode").GetString(),
            web3.TransactionManager.Account.Address, new HexBigInteger(1_000_000), null, owner);
        return receipt.ContractAddress;
    }

    [Fact]
    public async Task A_wallet_contract_mints_and_transfers_with_its_owners_signature()
    {
        var wallet = await DeployWalletOwnedByAsync(TestAccount.Alice.Address);
        var file = ApiClient.RandomFile();
        var deadline = ApiClient.InOneHour;
        var domain = await _api.DomainAsync();
        var mint = new MintAuthorization
        {
            Creator = wallet, To = wallet, ContentHash = Formats.ToHex(System.Security.Cryptography.SHA256.HashData(file)), Deadline = deadline,
        };
        var signature = AuthorizationSigning.Sign(mint, domain, TestAccount.Alice.PrivateKey);

        var response = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "Made by a wallet", ["creator"] = wallet, ["deadline"] = deadline.ToString(), ["signature"] = signature,
        }));
        var tokenId = await _api.MintedTokenIdAsync(response);
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(wallet, work.GetProperty("creator").GetString(), ignoreCase: true);

        var transfer = new TransferAuthorization { From = wallet, To = TestAccount.Carol.Address, TokenId = tokenId, Nonce = 0, Deadline = deadline };
        var transferSignature = AuthorizationSigning.Sign(transfer, domain, TestAccount.Alice.PrivateKey);
        var moved = await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
            new { from = wallet, to = TestAccount.Carol.Address, deadline, signature = transferSignature });
        Assert.True(moved.StatusCode == HttpStatusCode.Created, await moved.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signature_the_wallet_does_not_accept_is_403_and_sends_nothing()
    {
        var wallet = await DeployWalletOwnedByAsync(TestAccount.Alice.Address);
        var file = ApiClient.RandomFile();
        var deadline = ApiClient.InOneHour;
        var mint = new MintAuthorization
        {
            Creator = wallet, To = wallet, ContentHash = Formats.ToHex(System.Security.Cryptography.SHA256.HashData(file)), Deadline = deadline,
        };
        var bobsSignature = AuthorizationSigning.Sign(mint, await _api.DomainAsync(), TestAccount.Bob.PrivateKey);

        var before = await ChainState.CaptureAsync(fixture);
        var response = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "Not the wallet's", ["creator"] = wallet, ["deadline"] = deadline.ToString(), ["signature"] = bobsSignature,
        }));
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, "signature");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }
}
