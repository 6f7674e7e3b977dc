using System.Numerics;

namespace DigitalCollections.Api.Chain;

/// <summary>The relayer pool's keys: who pays gas (and holds MINTER_ROLE), and signing as them. No I/O.</summary>
public interface IRelayer
{
    /// <summary>The first relayer account: the address a dry run sends from.</summary>
    string RelayerAddress { get; }

    /// <summary>Every relayer in the pool, one send lane each.</summary>
    IReadOnlyList<string> RelayerAddresses { get; }

    /// <summary>Signs a call to the contract as one of the pool's relayers.</summary>
    SignedTransaction SignCall(string relayer, long nonce, long gasLimit, BigInteger gasPrice, string callData);
}
