using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Transactions;

namespace DigitalCollections.Api.Operator;

/// <summary>
/// Which relayer sends an operator call: the first of the pool that holds the contract role, asked with
/// hasRole at the latest block (roles can be granted and revoked outside this API), whose lane runs here.
/// </summary>
public sealed class OperatorRelayers(OperatorReader reader, IRelayer relayer, TransactionPipeline pipeline)
{
    public async Task<string> HolderAsync(OperatorRole role, CancellationToken ct)
    {
        var active = pipeline.ActiveRelayers;
        var holders = new List<string>();
        foreach (var address in relayer.RelayerAddresses)
        {
            if (!await reader.HasRoleAsync(role.Hash, address, ct)) continue;
            if (active.Any(a => Formats.SameAddress(a, address))) return address;
            holders.Add(address);
        }
        if (holders.Count > 0)
            throw new ApiProblemException(503, "operator-relayer-elsewhere", "The relayer holding the role sends from another instance.",
                $"{string.Join(", ", holders)} hold {role.Name}, but their lanes run in another API instance (it holds their leases). " +
                "Try again: a request to that instance, or after a restart, goes through.");
        throw new ApiProblemException(409, "no-relayer-holds-role", "No relayer of this service holds the role.",
            $"None of this service's relayers ({string.Join(", ", relayer.RelayerAddresses)}) holds {role.Name} on the contract. " +
            $"An admin of the contract must grant {role.Name} to one of them (or do this directly on chain).");
    }
}

/// <summary>A contract role an operator call needs, by its name and keccak256 hash.</summary>
public sealed record OperatorRole(string Name, byte[] Hash)
{
    public static readonly OperatorRole Pauser = new("PAUSER_ROLE", OperatorEncoding.PauserRole);
    public static readonly OperatorRole Operator = new("OPERATOR_ROLE", OperatorEncoding.OperatorRole);
}
