using System.Numerics;
using System.Reflection;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.UnitTests.TestSupport;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace DigitalCollections.UnitTests.Common;

public sealed class ProblemMappingTests
{
    private const string Hash = "0xa948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
    private const string Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    /// <summary>What each custom error the decoder knows must become: status, problem type slug and the field at fault.</summary>
    private static readonly Dictionary<string, (int Status, string Slug, string? Field)> Expected = new()
    {
        ["WorkAlreadyRegistered"] = (409, "duplicate-work", "file"),
        ["InvalidSignature"] = (403, "invalid-signature", "signature"),
        ["AuthorizationExpired"] = (400, "authorization-expired", "deadline"),
        ["ZeroContentHash"] = (400, "validation", "file"),
        ["ZeroCreator"] = (400, "validation", "creator"),
        ["RoyaltyTooHigh"] = (400, "validation", "royaltyBps"),
        ["InvalidTransferNonce"] = (409, "stale-authorization", "nonce"),
        ["ERC721NonexistentToken"] = (404, "work-not-found", "tokenId"),
        ["ERC721IncorrectOwner"] = (403, "not-owner", "from"),
        ["ERC721InvalidReceiver"] = (400, "validation", "to"),
        ["EnforcedPause"] = (503, "collection-paused", null),
        ["TokenHeld"] = (409, "transfer-not-allowed-yet", "tokenId"),
        ["TokenIsFrozen"] = (403, "token-frozen", "tokenId"),
        ["TokenLocked"] = (403, "token-locked", "tokenId"),
        ["InvalidEditionSize"] = (400, "validation", "editionSize"),
        ["EditionExhausted"] = (502, "contract-reverted", null),
        ["HoldTooLong"] = (400, "validation", "holdSeconds"),
        ["AccessControlUnauthorizedAccount"] = (503, "relayer-not-authorised", null),
        ["TokenNotFrozen"] = (409, "token-not-frozen", "tokenId"),
        ["ExpectedPause"] = (409, "not-paused", null),
        ["InvalidMetadataNonce"] = (409, "stale-metadata-nonce", "nonce"),
    };

    public static TheoryData<string> KnownErrorTypes()
    {
        var data = new TheoryData<string>();
        foreach (var t in ContractErrorDecoder.KnownErrors) data.Add(t.Name);
        return data;
    }

    [Fact]
    public void Every_known_error_has_an_expected_mapping_here()
    {
        var names = ContractErrorDecoder.KnownErrors.Select(t => ABITypedRegistry.GetError(t).Name).Order().ToArray();
        Assert.Equal(Expected.Keys.Order().ToArray(), names);
    }

    [Fact]
    public void A_relayer_without_a_role_is_told_which_role()
    {
        var problem = ContractRevertProblems.Map(new ContractError("AccessControlUnauthorizedAccount", new Dictionary<string, string>
        {
            ["account"] = Address, ["neededRole"] = Formats.ToHex(OperatorEncoding.OperatorRole),
        }));
        Assert.Equal(503, problem.Status);
        Assert.Contains("OPERATOR_ROLE", problem.Message);
    }

    [Fact]
    public void A_node_error_the_chain_layer_cannot_read_is_a_503_that_quotes_it_not_a_500()
    {
        var problem = ProblemExceptionHandler.ToProblem(new JsonRpcException("eth_estimateGas failed: Transaction reverted without a reason string"));

        Assert.Equal(503, problem.Status);
        Assert.Equal(ProblemTypes.For("chain-unavailable"), problem.Type);
        Assert.Contains("eth_estimateGas failed", problem.Detail);
    }

    [Fact]
    public void A_database_out_of_connection_slots_is_a_503_not_a_500()
    {
        // What EF Core's retrying strategy threw when 200 concurrent mints met PostgreSQL's max_connections.
        var refused = new Npgsql.PostgresException("remaining connection slots are reserved for non-replication superuser connections",
            "FATAL", "FATAL", "53300");
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", refused);

        var problem = ProblemExceptionHandler.ToProblem(wrapped);

        Assert.Equal(503, problem.Status);
        Assert.Equal(ProblemTypes.For("database-unavailable"), problem.Type);
        Assert.Equal(500, ProblemExceptionHandler.ToProblem(new InvalidOperationException("a bug", new Npgsql.PostgresException("syntax", "ERROR", "ERROR", "42601"))).Status);
    }

    /// <summary>Encodes sample arguments for the error, decodes them as the gateway would, then maps the result.</summary>
    [Theory]
    [MemberData(nameof(KnownErrorTypes))]
    public void A_decoded_revert_maps_to_the_documented_problem(string errorTypeName)
    {
        var type = ContractErrorDecoder.KnownErrors.Single(t => t.Name == errorTypeName);
        var abi = ABITypedRegistry.GetError(type);
        var args = abi.InputParameters.OrderBy(p => p.Order).Select(p => new ABIValue(p.Type, Sample(p.Type))).ToArray();
        var decoded = ContractErrorDecoder.Decode(RevertData.For(abi.Signature, args));
        Assert.NotNull(decoded);
        Assert.Equal(abi.Name, decoded.Name);

        var problem = ContractRevertProblems.Map(decoded);
        var (status, slug, field) = Expected[abi.Name];

        Assert.Equal(status, problem.Status);
        Assert.Equal(slug, problem.Slug);
        Assert.Equal(field, problem.Field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
        // Every argument the contract sent is used, not printed as an empty placeholder.
        Assert.DoesNotContain("  ", problem.Message);

        // And through the exception handler, as a client sees it.
        var details = ProblemExceptionHandler.ToProblem(new ContractRevertedException(decoded));
        Assert.Equal(status, details.Status);
        Assert.Equal(ProblemTypes.For(slug), details.Type);
        if (field is null) Assert.False(details.Extensions.ContainsKey("field"));
        else Assert.Equal(field, details.Extensions["field"]);
    }

    [Fact]
    public void WorkAlreadyRegistered_carries_the_existing_token_and_hash()
    {
        var problem = ContractRevertProblems.Map(new ContractError("WorkAlreadyRegistered",
            new Dictionary<string, string> { ["contentHash"] = Hash, ["tokenId"] = "17" }));
        Assert.Equal(409, problem.Status);
        Assert.Equal("file", problem.Field);
        Assert.Equal(17L, problem.Extensions["tokenId"]);
        Assert.Equal(Hash, problem.Extensions["contentHash"]);
        Assert.Contains("17", problem.Message);

        var details = ProblemExceptionHandler.ToProblem(problem);
        Assert.Equal(17L, details.Extensions["tokenId"]);
        Assert.Equal(Hash, details.Extensions["contentHash"]);
    }

    [Fact]
    public void Details_name_the_values_from_the_revert()
    {
        var expired = ContractRevertProblems.Map(new ContractError("AuthorizationExpired", new Dictionary<string, string> { ["deadline"] = "1700000000" }));
        Assert.Contains("1700000000", expired.Message);

        var nonce = ContractRevertProblems.Map(new ContractError("InvalidTransferNonce",
            new Dictionary<string, string> { ["tokenId"] = "5", ["expectedNonce"] = "3", ["providedNonce"] = "2" }));
        Assert.Contains("expects transfer nonce 3", nonce.Message);
        Assert.Contains("carries 2", nonce.Message);

        var owner = ContractRevertProblems.Map(new ContractError("ERC721IncorrectOwner",
            new Dictionary<string, string> { ["sender"] = Address, ["tokenId"] = "5", ["owner"] = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" }));
        Assert.Contains(Address, owner.Message);
        Assert.Contains("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", owner.Message);
    }

    [Fact]
    public void An_unknown_revert_is_a_502_contract_reverted()
    {
        var problem = ContractRevertProblems.Map(new ContractError("Unknown", new Dictionary<string, string> { ["data"] = "0xdeadbeef" }));
        Assert.Equal(502, problem.Status);
        Assert.Equal("contract-reverted", problem.Slug);
        Assert.Null(problem.Field);
        Assert.Contains("0xdeadbeef", problem.Message);
    }

    [Fact]
    public void A_validation_exception_is_a_400_with_camelCase_field_keys()
    {
        var exception = new ValidationException(
        [
            new ValidationFailure("RoyaltyBps", "'royaltyBps' must be between 0 and 1000 (10%)."),
            new ValidationFailure("Title", "'title' must be 1 to 200 characters."),
            new ValidationFailure("Title", "'title' must be 1 to 200 characters."),
            new ValidationFailure("file", "'file' must not be empty."),
        ]);

        var problem = ProblemExceptionHandler.ToProblem(exception);

        Assert.Equal(400, problem.Status);
        Assert.Equal(ProblemTypes.For("validation"), problem.Type);
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["royaltyBps", "title", "file"], errors.Keys.ToArray());
        Assert.Equal(["'title' must be 1 to 200 characters."], errors["title"]); // duplicates collapse
        Assert.Equal("royaltyBps", problem.Extensions["field"]);
        Assert.Contains("'file' must not be empty.", problem.Detail);
    }

    [Fact]
    public void A_validation_exception_serialises_with_the_errors_object()
    {
        var problem = ProblemExceptionHandler.ToProblem(new ValidationException([new ValidationFailure("Deadline", "bad deadline")]));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(problem));
        Assert.Equal(400, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("bad deadline", json.RootElement.GetProperty("errors").GetProperty("deadline")[0].GetString());
        Assert.Equal("deadline", json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public void Chain_unavailable_is_a_503()
    {
        var problem = ProblemExceptionHandler.ToProblem(new ChainUnavailableException("The chain's JSON-RPC endpoint did not answer."));
        Assert.Equal(503, problem.Status);
        Assert.Equal(ProblemTypes.For("chain-unavailable"), problem.Type);
        Assert.Contains("/health/ready", problem.Detail);
    }

    [Fact]
    public void An_unexpected_exception_is_a_500_that_leaks_nothing()
    {
        const string secret = "Connection string Password=hunter2 at /srv/secret/path";
        var problem = ProblemExceptionHandler.ToProblem(new InvalidOperationException(secret, new Exception("inner hunter2")));
        Assert.Equal(500, problem.Status);
        Assert.Equal(ProblemTypes.For("internal"), problem.Type);
        var json = JsonSerializer.Serialize(problem);
        Assert.DoesNotContain("hunter2", json);
        Assert.DoesNotContain("/srv/secret", json);
        Assert.DoesNotContain(nameof(InvalidOperationException), json);
    }

    [Fact]
    public void An_api_problem_keeps_status_type_field_and_extensions()
    {
        var exception = new ApiProblemException(418, "teapot", "I am a teapot.", "Short and stout.", "spout",
            new Dictionary<string, object?> { ["handle"] = 1 });

        var problem = ProblemExceptionHandler.ToProblem(exception);

        Assert.Equal(418, problem.Status);
        Assert.Equal(ProblemTypes.For("teapot"), problem.Type);
        Assert.Equal("I am a teapot.", problem.Title);
        Assert.Equal("Short and stout.", problem.Detail);
        Assert.Equal("spout", problem.Extensions["field"]);
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["Short and stout."], errors["spout"]);
        Assert.Equal(1, problem.Extensions["handle"]);
    }

    [Fact]
    public void An_api_problem_without_field_has_no_field_or_errors()
    {
        var problem = ProblemExceptionHandler.ToProblem(new ApiProblemException(503, "collection-paused", "Paused.", "Paused for now."));
        Assert.Equal(503, problem.Status);
        Assert.False(problem.Extensions.ContainsKey("field"));
        Assert.False(problem.Extensions.ContainsKey("errors"));
    }

    [Fact]
    public void The_helper_factories_give_their_statuses_and_fields()
    {
        Assert.Equal((400, "validation", "title"), Triple(ApiProblemException.BadRequest("title", "x")));
        Assert.Equal((404, "work-not-found", "tokenId"), Triple(ApiProblemException.NotFound("work", "tokenId", "x")));
        Assert.Equal((401, "invalid-api-key", "authorization"), Triple(ApiProblemException.Unauthorized("x")));
        Assert.Equal((403, "not-owner", "from"), Triple(ApiProblemException.Forbidden("not-owner", "from", "x")));

        static (int, string, string?) Triple(ApiProblemException p) => (p.Status, p.Slug, p.Field);
    }

    [Fact]
    public void A_json_value_of_the_wrong_type_names_its_member()
    {
        JsonException json;
        try
        {
            JsonSerializer.Deserialize<Api.Transfers.TransferWorkBody>("""{"Deadline":"tomorrow"}""");
            throw new InvalidOperationException("expected a JsonException");
        }
        catch (JsonException e) { json = e; }

        var problem = ProblemExceptionHandler.ToProblem(json);
        Assert.Equal(400, problem.Status);
        Assert.Equal(ProblemTypes.For("malformed-request"), problem.Type);
        Assert.Equal("deadline", problem.Extensions["field"]);
    }

    [Fact]
    public void Broken_json_is_the_bodys_fault()
    {
        JsonException json;
        try
        {
            JsonSerializer.Deserialize<Api.Transfers.TransferWorkBody>("""{"to": """);
            throw new InvalidOperationException("expected a JsonException");
        }
        catch (JsonException e) { json = e; }

        var problem = ProblemExceptionHandler.ToProblem(json);
        Assert.Equal(400, problem.Status);
        Assert.Equal("body", problem.Extensions["field"]);
    }

    private static object Sample(string solidityType) => solidityType switch
    {
        "address" => Address,
        "bytes32" => Formats.FromHex(Hash),
        "uint256" or "uint96" or "uint64" or "uint32" => new BigInteger(1001),
        _ => throw new NotSupportedException($"Add a sample value for {solidityType}"),
    };
}
