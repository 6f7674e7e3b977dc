using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// <see cref="IContractReader"/> over the JSON-RPC transport. The view functions the API reads take and
/// return a few words, so their call data is a selector and words, and their answers are read word by word
/// (<see cref="ChainDecoder"/>): no reflection on the request path.
/// </summary>
public sealed class ContractReader(JsonRpcTransport rpc, IChainReader chain, Deployment deployment, IOptions<ChainOptions> options,
    TimeProvider clock) : IContractReader
{
    private static readonly string Eip712DomainSelector = Selector<Eip712DomainFunction>();
    private static readonly string TokenOfContentSelector = Selector<TokenOfContentFunction>();
    private static readonly string TokenUriSelector = Selector<TokenUriFunction>();
    private static readonly string WorkOfSelector = Selector<WorkOfFunction>();
    private static readonly string OwnerOfSelector = Selector<OwnerOfFunction>();
    private static readonly string RoyaltyInfoSelector = Selector<RoyaltyInfoFunction>();
    private static readonly string TransferNonceSelector = Selector<TransferNonceFunction>();
    private static readonly string EditionOfSelector = Selector<EditionOfFunction>();
    private static readonly string RulesOfSelector = Selector<RulesOfFunction>();
    private static readonly string TransferableAtSelector = Selector<TransferableAtFunction>();
    private static readonly string FrozenReasonSelector = Selector<FrozenReasonFunction>();
    private static readonly string LockedSelector = Selector<LockedFunction>();
    private static readonly string EditionMintedSelector = Selector<EditionMintedFunction>();

    private readonly TimeSpan _baseUriFor = TimeSpan.FromSeconds(options.Value.FeeCacheSeconds);
    private SigningDomain? _domain;
    private (string Base, DateTimeOffset At)? _baseUri;

    private string Contract => deployment.ContractAddress;

    public async Task<SigningDomain> GetSigningDomainAsync(CancellationToken ct)
    {
        if (_domain is not null) return _domain;
        // EIP-5267: ask the contract instead of assuming, so a renamed collection still verifies.
        // eip712Domain() → (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, …).
        var answer = await ViewAsync(Eip712DomainSelector, "", ct);
        try
        {
            return _domain = new SigningDomain(ChainDecoder.StringAt(answer, 1), ChainDecoder.StringAt(answer, 2),
                (long)ChainDecoder.UIntAt(answer, 3), ChainKeys.Checksum(ChainDecoder.AddressAt(answer, 4)));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw await NoContractOrAsync(e, ct);
        }
    }

    public async Task<long> TokenOfContentAsync(string contentHash, CancellationToken ct)
    {
        var hash = Formats.FromHex(contentHash);
        if (hash.Length != 32) throw new ArgumentException("A content hash is 32 bytes.", nameof(contentHash));
        return (long)ChainDecoder.UIntAt(await ViewAsync(TokenOfContentSelector, Convert.ToHexStringLower(hash), ct), 0);
    }

    public async Task<OnChainWork?> GetWorkAsync(long tokenId, CancellationToken ct)
    {
        // workOf, ownerOf, royaltyInfo and transferNonce in one JSON-RPC batch: one HTTP request for the node
        // instead of four.
        var id = Word(tokenId);
        var uri = GetTokenUriAsync(tokenId, ct); // base URI cached, like the mint's answer: no chain read
        using var answers = await rpc.BatchAsync(
        [
            Call(0, WorkOfSelector, id), Call(1, OwnerOfSelector, id),
            Call(2, RoyaltyInfoSelector, id + Word(10_000)), Call(3, TransferNonceSelector, id),
        ], ct);

        var results = new string[4];
        for (var n = 0; n < 4; n++)
        {
            var item = answers[n];
            if (item.ValueKind == JsonValueKind.Undefined)
                throw new JsonRpcException($"The node's batch answer for token {tokenId} is incomplete.");
            if (item.TryGetProperty("result", out var result) && result.GetString() is { } hex)
            {
                if (hex.Length <= 2) throw await NoContractOrAsync(null, ct); // "0x": no code answered the call
                results[n] = hex[2..];
                continue;
            }
            var revert = ContractErrorDecoder.Decode(JsonRpcTransport.RevertData(item));
            if (n == 0 && revert?.Name == "ERC721NonexistentToken") return null;
            if (revert is not null) throw new ContractRevertedException(revert);
            throw new JsonRpcException($"eth_call for token {tokenId} failed: {JsonRpcTransport.ErrorMessage(item)}");
        }

        // workOf → (address creator, uint64 registeredAt, bytes32 contentHash); ownerOf → address;
        // royaltyInfo(id, 10_000) → (address, uint256 amount = the basis points); transferNonce → uint256.
        var work = results[0];
        return new OnChainWork(
            tokenId,
            ChainKeys.Checksum(ChainDecoder.AddressAt(work, 0)),
            ChainKeys.Checksum(ChainDecoder.AddressAt(results[1], 0)),
            "0x" + ChainDecoder.WordAt(work, 2),
            DateTimeOffset.FromUnixTimeSeconds((long)ChainDecoder.UIntAt(work, 1)),
            (int)ChainDecoder.UIntAt(results[2], 1),
            (long)ChainDecoder.UIntAt(results[3], 0),
            await uri);
    }

    public async Task<TokenCirculation?> GetCirculationAsync(long tokenId, CancellationToken ct)
    {
        // editionOf, rulesOf, transferableAt, frozenReason, locked and editionMinted in one JSON-RPC batch.
        var id = Word(tokenId);
        string[] selectors = [EditionOfSelector, RulesOfSelector, TransferableAtSelector, FrozenReasonSelector, LockedSelector, EditionMintedSelector];
        using var answers = await rpc.BatchAsync(selectors.Select((s, n) => Call(n, s, id)).ToArray(), ct);
        var results = new string[selectors.Length];
        for (var n = 0; n < selectors.Length; n++)
        {
            var item = answers[n];
            if (item.ValueKind == JsonValueKind.Undefined)
                throw new JsonRpcException($"The node's batch answer for token {tokenId} is incomplete.");
            if (item.TryGetProperty("result", out var result) && result.GetString() is { Length: > 2 } hex)
            {
                results[n] = hex[2..];
                continue;
            }
            var revert = ContractErrorDecoder.Decode(JsonRpcTransport.RevertData(item));
            if (revert?.Name == "ERC721NonexistentToken") return null;
            if (revert is not null) throw new ContractRevertedException(revert);
            throw await NoContractOrAsync(new JsonRpcException($"eth_call for token {tokenId} failed: {JsonRpcTransport.ErrorMessage(item)}"), ct);
        }
        var at = ChainDecoder.UIntAt(results[2], 0);
        return new TokenCirculation(
            (long)ChainDecoder.UIntAt(results[0], 0), (int)ChainDecoder.UIntAt(results[0], 1), (int)ChainDecoder.UIntAt(results[0], 2),
            (long)ChainDecoder.UIntAt(results[1], 0), !ChainDecoder.UIntAt(results[1], 1).IsZero,
            at > long.MaxValue ? null : (long)at,
            !ChainDecoder.UIntAt(results[3], 0).IsZero, (int)ChainDecoder.UIntAt(results[3], 1),
            !ChainDecoder.UIntAt(results[4], 0).IsZero, (int)ChainDecoder.UIntAt(results[5], 0));
    }

    public async Task<string> GetTokenUriAsync(long tokenId, CancellationToken ct)
    {
        var id = tokenId.ToString(CultureInfo.InvariantCulture);
        if (_baseUri is { } cached && clock.GetUtcNow() - cached.At < _baseUriFor) return cached.Base + id;
        string uri;
        try
        {
            uri = ChainDecoder.StringAt(await ViewAsync(TokenUriSelector, Word(tokenId), ct), 0);
        }
        catch (Exception e) when (e is ChainUnavailableException or ChainIdentityException && _baseUri is { } known)
        {
            // A write confirmed just before the node went away still gets its 201: the base seen before.
            return known.Base + id;
        }
        // The contract's tokenURI is base + decimal id; anything else is not cached.
        _baseUri = uri.EndsWith(id, StringComparison.Ordinal) ? (uri[..^id.Length], clock.GetUtcNow()) : null;
        return uri;
    }

    public async Task<long> EstimateGasAsync(string from, string callData, CancellationToken ct) =>
        ChainDecoder.Quantity((await rpc.CallAsync("eth_estimateGas", [new { from, to = Contract, data = callData }], ct, RpcWait.Short)).GetString());

    public async Task<ContractError?> ExplainRevertAsync(string from, string callData, CancellationToken ct)
    {
        try
        {
            await rpc.CallAsync("eth_call", [new { from, to = Contract, data = callData }, "latest"], ct, RpcWait.Short);
            return null;
        }
        catch (ContractRevertedException e)
        {
            return e.Error;
        }
    }

    /// <summary>A view call's answer (hex without 0x); an empty one (no code answered) or a failed one is explained.</summary>
    private async Task<string> ViewAsync(string selector, string arguments, CancellationToken ct)
    {
        string? hex;
        try
        {
            hex = (await rpc.CallAsync("eth_call", [new { to = Contract, data = "0x" + selector + arguments }, "latest"], ct, RpcWait.Short)).GetString();
        }
        catch (JsonRpcException e)
        {
            throw await NoContractOrAsync(e, ct);
        }
        if (hex is not { Length: > 2 }) throw await NoContractOrAsync(null, ct);
        return hex[2..];
    }

    /// <summary>
    /// A contract read that the node answered with nothing: on a chain without our code (a reset node) every
    /// read does. That is a 503 chain-reset, not a fault of ours; anything else stays what it was.
    /// </summary>
    private async Task<Exception> NoContractOrAsync(Exception? e, CancellationToken ct)
    {
        if (!await chain.HasCodeAsync(Contract, ct))
            return new ChainIdentityException(ChainIdentityException.ChainReset,
                $"The node's chain has no contract code at {ChainKeys.Checksum(Contract)}: the chain was reset or the RPC URL points at another chain.");
        return e ?? new JsonRpcException("The contract answered a view call with nothing.");
    }

    private JsonRpcRequest Call(int id, string selector, string arguments) =>
        new(id, "eth_call", [new { to = Contract, data = "0x" + selector + arguments }, "latest"]);

    private static string Word(long value) => value.ToString("x64", CultureInfo.InvariantCulture);

    private static string Selector<TFunction>() where TFunction : FunctionMessage, new() =>
        ABITypedRegistry.GetFunctionABI<TFunction>().Sha3Signature;
}
