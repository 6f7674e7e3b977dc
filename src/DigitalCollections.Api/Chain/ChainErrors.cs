namespace DigitalCollections.Api.Chain;

/// <summary>The chain could not be reached or did not answer in time.</summary>
public sealed class ChainUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A call or transaction reverted with a decoded custom error of the contract.</summary>
public sealed class ContractRevertedException(ContractError error)
    : Exception($"The contract reverted with {error}")
{
    public ContractError Error { get; } = error;
}

/// <summary>A decoded revert: the custom error's name and its arguments as text (addresses, 0x hex, decimals).</summary>
public sealed record ContractError(string Name, IReadOnlyDictionary<string, string> Arguments)
{
    public string? this[string argument] => Arguments.TryGetValue(argument, out var v) ? v : null;

    public override string ToString() =>
        $"{Name}({string.Join(", ", Arguments.Select(a => $"{a.Key}={a.Value}"))})";
}

/// <summary>The node refused a raw transaction (nonce, funds, pool rules): nothing was sent.</summary>
public sealed class TransactionRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The node's chain is not the deployment's: another chain id (<c>wrong-chain</c>), or a reset chain or one
/// without our contract's code (<c>chain-reset</c>). Nothing may be signed, sent or read from it: 503.
/// </summary>
public sealed class ChainIdentityException(string slug, string message) : Exception(message)
{
    public const string ChainReset = "chain-reset";
    public const string WrongChain = "wrong-chain";

    public string Slug { get; } = slug;
}

/// <summary>The node answered a JSON-RPC request with an error that is not a contract revert.</summary>
public sealed class JsonRpcException(string message) : InvalidOperationException(message);
