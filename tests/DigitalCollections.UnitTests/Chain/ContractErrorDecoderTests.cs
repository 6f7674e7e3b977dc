using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.UnitTests.TestSupport;
using Nethereum.ABI;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;

namespace DigitalCollections.UnitTests.Chain;

public sealed class ContractErrorDecoderTests
{
    private const string Hash = "0xa948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
    private const string Alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    [Fact]
    public void Selector_helper_matches_the_well_known_error_selector()
    {
        // Error(string), the selector of every require-string revert.
        Assert.Equal("0x08c379a0", RevertData.Selector("Error(string)"));
    }

    [Fact]
    public void Decodes_WorkAlreadyRegistered_with_its_hash_and_token()
    {
        var data = RevertData.For("WorkAlreadyRegistered(bytes32,uint256)",
            new ABIValue("bytes32", Formats.FromHex(Hash)), new ABIValue("uint256", new BigInteger(42)));

        var error = ContractErrorDecoder.Decode(data);

        Assert.NotNull(error);
        Assert.Equal("WorkAlreadyRegistered", error.Name);
        Assert.Equal(Hash, error["contentHash"]);
        Assert.Equal("42", error["tokenId"]);
        Assert.Equal(2, error.Arguments.Count);
    }

    [Fact]
    public void Decodes_an_error_without_arguments()
    {
        var error = ContractErrorDecoder.Decode(RevertData.For("InvalidSignature()"));
        Assert.NotNull(error);
        Assert.Equal("InvalidSignature", error.Name);
        Assert.Empty(error.Arguments);
    }

    [Fact]
    public void Decodes_AuthorizationExpired_with_a_uint256_beyond_long()
    {
        var deadline = BigInteger.Pow(2, 200) + 5;
        var error = ContractErrorDecoder.Decode(RevertData.For("AuthorizationExpired(uint256)", new ABIValue("uint256", deadline)));
        Assert.NotNull(error);
        Assert.Equal("AuthorizationExpired", error.Name);
        Assert.Equal(deadline.ToString(), error["deadline"]);
    }

    [Fact]
    public void Decodes_InvalidTransferNonce_with_three_numbers_in_order()
    {
        var error = ContractErrorDecoder.Decode(RevertData.For("InvalidTransferNonce(uint256,uint256,uint256)",
            new ABIValue("uint256", new BigInteger(7)), new ABIValue("uint256", new BigInteger(3)), new ABIValue("uint256", new BigInteger(2))));
        Assert.NotNull(error);
        Assert.Equal("InvalidTransferNonce", error.Name);
        Assert.Equal("7", error["tokenId"]);
        Assert.Equal("3", error["expectedNonce"]);
        Assert.Equal("2", error["providedNonce"]);
    }

    [Fact]
    public void Decodes_RoyaltyTooHigh_uint96_arguments()
    {
        var error = ContractErrorDecoder.Decode(RevertData.For("RoyaltyTooHigh(uint96,uint96)",
            new ABIValue("uint96", new BigInteger(1001)), new ABIValue("uint96", new BigInteger(1000))));
        Assert.NotNull(error);
        Assert.Equal("RoyaltyTooHigh", error.Name);
        Assert.Equal("1001", error["royaltyBps"]);
        Assert.Equal("1000", error["maxRoyaltyBps"]);
    }

    [Fact]
    public void Decodes_addresses_as_checksummed_text()
    {
        var error = ContractErrorDecoder.Decode(RevertData.For("ERC721IncorrectOwner(address,uint256,address)",
            new ABIValue("address", Alice.ToLowerInvariant()), new ABIValue("uint256", new BigInteger(1)), new ABIValue("address", Bob.ToLowerInvariant())));
        Assert.NotNull(error);
        Assert.Equal("ERC721IncorrectOwner", error.Name);
        Assert.Equal(Alice, error["sender"]);
        Assert.Equal("1", error["tokenId"]);
        Assert.Equal(Bob, error["owner"]);
    }

    [Fact]
    public void Decodes_AccessControlUnauthorizedAccount_with_its_role()
    {
        var role = Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("MINTER_ROLE"));
        var error = ContractErrorDecoder.Decode(RevertData.For("AccessControlUnauthorizedAccount(address,bytes32)",
            new ABIValue("address", Alice), new ABIValue("bytes32", role)));
        Assert.NotNull(error);
        Assert.Equal("AccessControlUnauthorizedAccount", error.Name);
        Assert.Equal(Alice, error["account"]);
        Assert.Equal(Formats.ToHex(role), error["neededRole"]);
    }

    [Fact]
    public void Decodes_OpenZeppelin_errors_the_api_maps()
    {
        var missing = ContractErrorDecoder.Decode(RevertData.For("ERC721NonexistentToken(uint256)", new ABIValue("uint256", new BigInteger(99))));
        Assert.Equal(("ERC721NonexistentToken", "99"), (missing!.Name, missing["tokenId"]));

        var receiver = ContractErrorDecoder.Decode(RevertData.For("ERC721InvalidReceiver(address)", new ABIValue("address", Bob)));
        Assert.Equal(("ERC721InvalidReceiver", Bob), (receiver!.Name, receiver["receiver"]));

        Assert.Equal("EnforcedPause", ContractErrorDecoder.Decode(RevertData.For("EnforcedPause()"))!.Name);
    }

    [Fact]
    public void Selector_match_is_case_insensitive_in_the_hex()
    {
        var data = RevertData.For("AuthorizationExpired(uint256)", new ABIValue("uint256", new BigInteger(5)));
        var error = ContractErrorDecoder.Decode("0x" + data[2..].ToUpperInvariant());
        Assert.Equal("AuthorizationExpired", error?.Name);
    }

    [Theory]
    [InlineData("0xdeadbeef")]
    [InlineData("0xdeadbeef0000000000000000000000000000000000000000000000000000000000000001")]
    public void An_unknown_selector_is_Unknown_with_the_raw_data(string data)
    {
        var error = ContractErrorDecoder.Decode(data);
        Assert.NotNull(error);
        Assert.Equal("Unknown", error.Name);
        Assert.Equal(data, error["data"]);
    }

    [Fact]
    public void A_require_string_revert_is_Unknown()
    {
        var data = RevertData.For("Error(string)", new ABIValue("string", "nope"));
        Assert.Equal("Unknown", ContractErrorDecoder.Decode(data)?.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x1234")]          // shorter than a selector
    [InlineData("0x123456")]
    [InlineData("0x1234567")]       // odd number of digits
    [InlineData("deadbeef00")]      // no 0x
    [InlineData("0xdeadbeeg")]      // not hex
    [InlineData("execution reverted")]
    public void Garbage_decodes_to_null(string? data)
    {
        Assert.Null(ContractErrorDecoder.Decode(data));
    }

    [Fact]
    public void A_known_selector_with_truncated_arguments_does_not_throw()
    {
        // WorkAlreadyRegistered's selector with only half of its first argument: a node returning
        // cut-off data must not turn into an exception inside the gateway's exception filter.
        var data = RevertData.Selector("WorkAlreadyRegistered(bytes32,uint256)") + new string('a', 32);
        var error = Record.Exception(() => ContractErrorDecoder.Decode(data));
        Assert.Null(error);
    }

    [Fact]
    public void FromException_finds_a_custom_error_revert_inside_other_exceptions()
    {
        var data = RevertData.For("AuthorizationExpired(uint256)", new ABIValue("uint256", new BigInteger(1700000000)));
        var wrapped = new InvalidOperationException("outer", new SmartContractCustomErrorRevertException(data));
        var error = ContractErrorDecoder.FromException(wrapped);
        Assert.NotNull(error);
        Assert.Equal("AuthorizationExpired", error.Name);
        Assert.Equal("1700000000", error["deadline"]);
    }

    [Fact]
    public void FromException_reads_the_data_of_an_rpc_error()
    {
        var data = RevertData.For("InvalidSignature()");
        Assert.Equal("InvalidSignature", ContractErrorDecoder.FromException(new RpcResponseException(new RpcError(3, "execution reverted", data)))?.Name);
        Assert.Equal("InvalidSignature", ContractErrorDecoder.FromException(new RpcResponseException(new RpcError(3, "execution reverted", new JValue(data))))?.Name);
        Assert.Equal("InvalidSignature", ContractErrorDecoder.FromException(new RpcResponseException(new RpcError(-32603, "error", new JObject { ["data"] = data })))?.Name);
    }

    [Fact]
    public void FromException_is_null_for_failures_without_revert_data()
    {
        Assert.Null(ContractErrorDecoder.FromException(new HttpRequestException("connection refused")));
        Assert.Null(ContractErrorDecoder.FromException(new RpcResponseException(new RpcError(-32000, "nonce too low", null))));
    }
}
