using System.Reflection;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.UnitTests.TestSupport;
using Nethereum.ABI;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>
/// Every Nethereum binding in Chain/ContractDefinition.cs must exist, with the same types, in the
/// compiled ABI of contracts/DigitalCollection.sol: a renamed function, a changed parameter, output
/// or indexed flag fails here instead of on a live chain.
/// </summary>
public sealed class ContractBindingTests
{
    private static readonly Lazy<ContractABI> Artifact = new(LoadArtifact);

    private static readonly Type[] Bindings = typeof(AuthorizationSigning).Assembly.GetTypes()
        .Where(t => t.IsDefined(typeof(FunctionAttribute)) || t.IsDefined(typeof(EventAttribute)) || t.IsDefined(typeof(ErrorAttribute)))
        .OrderBy(t => t.Name)
        .ToArray();

    public static TheoryData<string> BindingNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in Bindings) data.Add(t.FullName!);
        return data;
    }

    [Fact]
    public void The_api_has_the_bindings_it_relies_on()
    {
        // Guards the reflection above: an empty list would make every other test here pass vacuously.
        var names = Bindings.Select(t => t.Name).ToHashSet();
        foreach (var expected in new[]
                 {
                     nameof(MintWorkFunction), nameof(TransferWithAuthorizationFunction), nameof(WorkOfFunction),
                     nameof(TokenOfContentFunction), nameof(TransferNonceFunction), nameof(Eip712DomainFunction),
                     nameof(TransferEventDto), nameof(WorkRegisteredEventDto), nameof(WorkAlreadyRegisteredError),
                 })
            Assert.Contains(expected, names);
        Assert.True(Bindings.Count(t => t.IsDefined(typeof(ErrorAttribute))) >= 12);
    }

    [Theory]
    [MemberData(nameof(BindingNames))]
    public void Binding_matches_the_compiled_abi(string typeName)
    {
        var type = Bindings.Single(t => t.FullName == typeName);
        Assert.Empty(Mismatches(type, Artifact.Value));
    }

    [Fact]
    public void Every_error_the_decoder_knows_is_in_the_abi()
    {
        var selectors = Artifact.Value.Errors.Select(e => Normalise(e.Sha3Signature)).ToHashSet();
        foreach (var type in ContractErrorDecoder.KnownErrors)
        {
            var error = ABITypedRegistry.GetError(type);
            Assert.True(selectors.Contains(Normalise(error.Sha3Signature)), $"{type.Name} ({error.Signature}) is not an error of the contract");
        }
    }

    [Fact]
    public void The_contracts_own_custom_errors_are_all_decoded()
    {
        // Errors declared in DigitalCollection.sol itself (not inherited from OpenZeppelin) must be decodable,
        // or the API answers 502 "contract-reverted" where it should name the field.
        string[] own = ["WorkAlreadyRegistered", "InvalidSignature", "AuthorizationExpired", "ZeroContentHash", "ZeroCreator", "RoyaltyTooHigh", "InvalidTransferNonce"];
        var known = ContractErrorDecoder.KnownErrors.Select(t => ABITypedRegistry.GetError(t).Name).ToHashSet();
        foreach (var name in own)
        {
            Assert.Contains(Artifact.Value.Errors, e => e.Name == name);
            Assert.Contains(name, known);
        }
    }

    // The comparison itself must be able to fail: deliberately drifted bindings are caught.
    [Theory]
    [InlineData(typeof(DriftedOutputFunction), "output")]
    [InlineData(typeof(DriftedInputFunction), "not in the compiled ABI")]
    [InlineData(typeof(RenamedFunction), "not in the compiled ABI")]
    [InlineData(typeof(DriftedTupleFunction), "not in the compiled ABI")]
    [InlineData(typeof(DriftedTupleOutputFunction), "output")]
    [InlineData(typeof(DriftedIndexedEvent), "indexed")]
    [InlineData(typeof(DriftedEvent), "not in the compiled ABI")]
    [InlineData(typeof(DriftedError), "not in the compiled ABI")]
    public void A_drifted_binding_is_reported(Type drifted, string expectedProblem)
    {
        var problems = Mismatches(drifted, Artifact.Value);
        Assert.Contains(problems, p => p.Contains(expectedProblem, StringComparison.Ordinal));
    }

    private static List<string> Mismatches(Type type, ContractABI abi)
    {
        var problems = new List<string>();
        if (type.IsDefined(typeof(FunctionAttribute)))
        {
            var f = ABITypedRegistry.GetFunctionABI(type);
            var match = abi.Functions.FirstOrDefault(a => Normalise(a.Sha3Signature) == Normalise(f.Sha3Signature));
            if (match is null)
            {
                problems.Add($"{type.Name}: function {f.Signature} (selector 0x{Normalise(f.Sha3Signature)}) is not in the compiled ABI; " +
                             $"the contract has {string.Join(", ", abi.Functions.Where(a => a.Name == f.Name).Select(a => a.Signature).DefaultIfEmpty("no function of that name"))}.");
                return problems;
            }
            var expected = Types(match.OutputParameters);
            var actual = Types(f.OutputParameters);
            if (expected != actual) problems.Add($"{type.Name}: {f.Signature} output is ({actual}) in C#, ({expected}) in the contract.");
        }
        if (type.IsDefined(typeof(EventAttribute)))
        {
            var e = ABITypedRegistry.GetEvent(type);
            var match = abi.Events.FirstOrDefault(a => Normalise(a.Sha3Signature) == Normalise(e.Sha3Signature));
            if (match is null)
            {
                problems.Add($"{type.Name}: event {e.Signature} is not in the compiled ABI.");
                return problems;
            }
            var expected = string.Join(",", match.InputParameters.OrderBy(p => p.Order).Select(p => p.Indexed));
            var actual = string.Join(",", e.InputParameters.OrderBy(p => p.Order).Select(p => p.Indexed));
            if (expected != actual) problems.Add($"{type.Name}: event {e.Signature} indexed flags are ({actual}) in C#, ({expected}) in the contract.");
        }
        if (type.IsDefined(typeof(ErrorAttribute)))
        {
            var e = ABITypedRegistry.GetError(type);
            if (!abi.Errors.Any(a => Normalise(a.Sha3Signature) == Normalise(e.Sha3Signature)))
                problems.Add($"{type.Name}: error {e.Signature} is not in the compiled ABI; " +
                             $"the contract has {string.Join(", ", abi.Errors.Where(a => a.Name == e.Name).Select(a => a.Signature).DefaultIfEmpty("no error of that name"))}.");
        }
        return problems;
    }

    private static string Types(IEnumerable<Parameter>? parameters) =>
        string.Join(",", (parameters ?? []).OrderBy(p => p.Order).Select(Canonical));

    /// <summary>Solidity's canonical type, with tuples spelled out (Nethereum's CanonicalName says just "tuple").</summary>
    private static string Canonical(Parameter p) =>
        p.ABIType is TupleType tuple && p.Type.StartsWith("tuple", StringComparison.Ordinal)
            ? "(" + string.Join(",", (tuple.Components ?? []).OrderBy(c => c.Order).Select(Canonical)) + ")" + p.Type["tuple".Length..]
            : p.Type;

    private static string Normalise(string sha3Signature) =>
        (sha3Signature.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? sha3Signature[2..] : sha3Signature).ToLowerInvariant();

    private static ContractABI LoadArtifact()
    {
        var path = RepositoryRoot.Combine("artifacts", "contracts", "DigitalCollection.sol", "DigitalCollection.json");
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The compiled contract {path} is missing: run 'npx hardhat compile' at the repository root ({RepositoryRoot.Path}).", path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var abi = new ABIJsonDeserialiser().DeserialiseContract(json.RootElement.GetProperty("abi").GetRawText());
        Assert.NotEmpty(abi.Functions);
        return abi;
    }

    // ---- deliberately wrong bindings for the self-test ----

    [Function("workOf", "uint256")]
    public class DriftedOutputFunction : FunctionMessage
    {
        [Parameter("uint256", "tokenId", 1)] public System.Numerics.BigInteger TokenId { get; set; }
    }

    [Function("tokenOfContent", "uint256")]
    public class DriftedInputFunction : FunctionMessage
    {
        [Parameter("uint256", "contentHash", 1)] public System.Numerics.BigInteger ContentHash { get; set; }
    }

    [Function("totalWork", "uint256")]
    public class RenamedFunction : FunctionMessage;

    [Struct("MintAuthorization")]
    public class ShortMintAuthorization
    {
        [Parameter("address", "creator", 1)] public string Creator { get; set; } = "";
        [Parameter("bytes32", "contentHash", 2)] public byte[] ContentHash { get; set; } = [];
    }

    [Function("mintWork", "uint256")]
    public class DriftedTupleFunction : FunctionMessage
    {
        [Parameter("tuple", "auth", 1)] public ShortMintAuthorization Auth { get; set; } = new();
        [Parameter("bytes", "signature", 2)] public byte[] Signature { get; set; } = [];
    }

    [Struct("Work")]
    public class WrongWork
    {
        [Parameter("address", "creator", 1)] public string Creator { get; set; } = "";
        [Parameter("uint256", "registeredAt", 2)] public System.Numerics.BigInteger RegisteredAt { get; set; }
        [Parameter("bytes32", "contentHash", 3)] public byte[] ContentHash { get; set; } = [];
    }

    [FunctionOutput]
    public class WrongWorkOutput : IFunctionOutputDTO
    {
        [Parameter("tuple", "", 1)] public WrongWork Work { get; set; } = new();
    }

    [Function("workOf", typeof(WrongWorkOutput))]
    public class DriftedTupleOutputFunction : FunctionMessage
    {
        [Parameter("uint256", "tokenId", 1)] public System.Numerics.BigInteger TokenId { get; set; }
    }

    [Event("WorkRegistered")]
    public class DriftedIndexedEvent : IEventDTO
    {
        [Parameter("uint256", "tokenId", 1, true)] public System.Numerics.BigInteger TokenId { get; set; }
        [Parameter("address", "creator", 2, true)] public string Creator { get; set; } = "";
        [Parameter("bytes32", "contentHash", 3, false)] public byte[] ContentHash { get; set; } = [];
    }

    [Event("WorkRegistered")]
    public class DriftedEvent : IEventDTO
    {
        [Parameter("uint256", "tokenId", 1, true)] public System.Numerics.BigInteger TokenId { get; set; }
        [Parameter("address", "creator", 2, true)] public string Creator { get; set; } = "";
    }

    [Error("WorkAlreadyRegistered")]
    public class DriftedError
    {
        [Parameter("bytes32", "contentHash", 1)] public byte[] ContentHash { get; set; } = [];
    }
}
